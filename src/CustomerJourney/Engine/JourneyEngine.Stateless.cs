using CustomerJourney.Definitions;
using CustomerJourney.Internal;
using Stateless;

namespace CustomerJourney.Engine;

public sealed partial class JourneyEngine
{
    /// <summary>
    /// Builds the Stateless state machine this definition stands for: one state per stage (super-stages as
    /// superstates), one trigger per touchpoint, guards bound through <see cref="Guards"/>. The stage is kept
    /// outside the machine, so one customer's stage can be driven without allocating a machine per customer.
    /// Unhandled triggers do not throw.
    /// </summary>
    /// <param name="stateAccessor">Reads the current stage.</param>
    /// <param name="stateMutator">Writes the current stage.</param>
    /// <param name="context">Supplies what guards see when evaluated; <see langword="null"/> gives them <see langword="default"/>.</param>
    /// <returns>A configured Stateless machine.</returns>
    internal StateMachine<string, string> CreateStateMachine(Func<string> stateAccessor, Action<string> stateMutator, Func<GuardContext>? context = null)
    {
        Guard.NotNull(stateAccessor);
        Guard.NotNull(stateMutator);
        var machine = new StateMachine<string, string>(stateAccessor, stateMutator);
        Configure(machine, context ?? (static () => default));
        return machine;
    }

    /// <summary>Builds the Stateless machine for this definition, starting in <paramref name="initialStage"/> (the start stage by default).</summary>
    /// <param name="initialStage">The stage to start in.</param>
    /// <param name="context">Supplies what guards see when evaluated.</param>
    /// <returns>A configured Stateless machine holding its own state.</returns>
    internal StateMachine<string, string> CreateStateMachine(string? initialStage = null, Func<GuardContext>? context = null)
    {
        var machine = new StateMachine<string, string>(initialStage ?? Definition.StartStage);
        Configure(machine, context ?? (static () => default));
        return machine;
    }

    private void Configure(StateMachine<string, string> machine, Func<GuardContext> context)
    {
        foreach (var stage in Definition.Stages)
        {
            var configuration = machine.Configure(stage.Id);
            if (stage.SuperStage is not null)
            {
                configuration.SubstateOf(stage.SuperStage);
            }
        }

        foreach (var t in Definition.Transitions)
        {
            var configuration = machine.Configure(t.From);
            Func<bool>? guard = null;
            if (t.Guard is not null)
            {
                var predicate = Guards.TryGetValue(t.Guard, out var p) ? p : throw new InvalidOperationException($"Guard '{t.Guard}' is not bound.");
                guard = () => predicate(context());
            }

            switch (t.Kind)
            {
                case TransitionKind.Permit when guard is null:
                    configuration.Permit(t.Touchpoint, t.To!);
                    break;
                case TransitionKind.Permit:
                    configuration.PermitIf(t.Touchpoint, t.To!, guard, t.Guard);
                    break;
                case TransitionKind.Reentry when guard is null:
                    configuration.PermitReentry(t.Touchpoint);
                    break;
                case TransitionKind.Reentry:
                    configuration.PermitReentryIf(t.Touchpoint, guard, t.Guard);
                    break;
                case TransitionKind.Internal when guard is null:
                    configuration.InternalTransition(t.Touchpoint, static _ => { });
                    break;
                case TransitionKind.Internal:
                    configuration.InternalTransitionIf(t.Touchpoint, _ => guard(), static _ => { }, t.Guard);
                    break;
                case TransitionKind.Ignore when guard is null:
                    configuration.Ignore(t.Touchpoint);
                    break;
                case TransitionKind.Ignore:
                    configuration.IgnoreIf(t.Touchpoint, guard, t.Guard);
                    break;
            }
        }

        machine.OnUnhandledTrigger(static (_, _) => { });
    }
}
