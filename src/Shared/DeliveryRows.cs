using System.Data.Common;
using System.Globalization;
using CustomerJourney.Acting;

namespace CustomerJourney.Storage.Rows;

/// <summary>
/// Maps a row of a store's delivery log to a <see cref="JourneyDelivery"/>: the columns in the order both the SQLite and
/// the PostgreSQL delivery logs select them (id, handler, definition, customer, position, seq, from, to, cause,
/// touchpoint, channel, event id, occurred at, segment, state, attempts, next attempt, last error). Compiled into each
/// store package; the small integer columns are read whatever width the database gives them.
/// </summary>
internal static class DeliveryRows
{
    public static JourneyDelivery Read(DbDataReader r)
    {
        var handler = r.GetString(1);
        var position = r.GetInt64(4);
        var attempts = r.GetInt32(15);
        var transition = new JourneyTransition
        {
            Key = new JourneyKey(r.GetString(2), r.GetString(3)),
            Position = position,
            Sequence = r.GetInt64(5),
            From = r.IsDBNull(6) ? null : r.GetString(6),
            To = r.GetString(7),
            Cause = (TransitionCause)Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
            Touchpoint = r.IsDBNull(9) ? null : r.GetString(9),
            Channel = r.IsDBNull(10) ? null : r.GetString(10),
            EventId = r.IsDBNull(11) ? null : r.GetString(11),
            OccurredAt = new DateTimeOffset(r.GetInt64(12), TimeSpan.Zero),
            Segment = r.IsDBNull(13) ? null : r.GetString(13),
            DeliveryId = DeliveryIds.Of(position, handler),
            Attempt = attempts + 1,
        };
        return new JourneyDelivery
        {
            Id = r.GetInt64(0),
            Handler = handler,
            Transition = transition,
            State = (DeliveryState)Convert.ToInt32(r.GetValue(14), CultureInfo.InvariantCulture),
            Attempts = attempts,
            NextAttemptAt = new DateTimeOffset(r.GetInt64(16), TimeSpan.Zero),
            LastError = r.IsDBNull(17) ? null : r.GetString(17),
        };
    }
}
