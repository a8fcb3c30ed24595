using System.Reflection;
using CustomerJourney.Acting;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Hosting;

/// <summary>
/// Turns a handler delegate into an invoker: a <see cref="JourneyTransition"/> parameter receives the transition, a
/// <see cref="CancellationToken"/> the delivery's token, an <see cref="IServiceProvider"/> the delivery's scope, and every
/// other parameter is resolved from that scope. The delegate may return nothing, a <see cref="Task"/> or a <see cref="ValueTask"/>.
/// </summary>
internal static class HandlerDelegate
{
    public static (Func<IServiceProvider, JourneyTransition, CancellationToken, ValueTask> Invoke, IReadOnlyList<Type> Services) Bind(Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = handler.Method;
        var returnType = method.ReturnType;
        if (returnType != typeof(void) && returnType != typeof(Task) && returnType != typeof(ValueTask))
        {
            throw new ArgumentException($"A journey handler must return void, Task or ValueTask; this one returns {returnType.Name}.", nameof(handler));
        }

        var parameters = method.GetParameters();
        var services = parameters.Select(p => p.ParameterType)
            .Where(t => t != typeof(JourneyTransition) && t != typeof(CancellationToken) && t != typeof(IServiceProvider))
            .ToArray();
        return (Invoke, services);

        async ValueTask Invoke(IServiceProvider scope, JourneyTransition transition, CancellationToken cancellationToken)
        {
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var type = parameters[i].ParameterType;
                arguments[i] = type == typeof(JourneyTransition) ? transition
                    : type == typeof(CancellationToken) ? cancellationToken
                    : type == typeof(IServiceProvider) ? scope
                    : scope.GetRequiredService(type);
            }

            object? result;
            try
            {
                result = handler.DynamicInvoke(arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }

            switch (result)
            {
                case Task task:
                    await task.ConfigureAwait(false);
                    break;
                case ValueTask valueTask:
                    await valueTask.ConfigureAwait(false);
                    break;
            }
        }
    }
}
