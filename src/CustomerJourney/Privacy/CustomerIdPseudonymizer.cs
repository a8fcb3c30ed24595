using System.Security.Cryptography;
using System.Text;
using CustomerJourney.Internal;

namespace CustomerJourney.Privacy;

/// <summary>
/// Replaces customer identifiers by keyed pseudonyms before they reach a store or a log: <c>p-</c> followed by the first
/// 20 bytes of HMAC-SHA256(key, UTF-8 id) in lower-case hex (42 characters). The same id and key always give the same
/// pseudonym, so journeys still group by customer; without the key a pseudonym cannot be computed from a guessed id, and
/// destroying the key leaves only pseudonyms. Keep the key out of the store (e.g. in a secret store).
/// </summary>
public sealed class CustomerIdPseudonymizer
{
    /// <summary>The shortest key accepted, in bytes (256 bits).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>What every pseudonym starts with.</summary>
    public const string Prefix = "p-";

    private readonly byte[] _key;

    /// <summary>Creates a pseudonymizer.</summary>
    /// <param name="key">The secret key, at least <see cref="MinKeyBytes"/> bytes (e.g. from <see cref="RandomNumberGenerator"/>).</param>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinKeyBytes"/>.</exception>
    public CustomerIdPseudonymizer(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The key has {key.Length} bytes; at least {MinKeyBytes} are needed.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The pseudonym of <paramref name="customerId"/>.</summary>
    /// <param name="customerId">The customer identifier.</param>
    /// <returns><c>p-</c> and 40 lower-case hex digits.</returns>
    public string Pseudonymize(string customerId)
    {
        Guard.NotNull(customerId);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(customerId), hash);
        return Prefix + Convert.ToHexString(hash[..20]).ToLowerInvariant();
    }

    /// <summary>The event with its customer identifier replaced by its pseudonym; everything else unchanged.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns>A copy with the pseudonymous customer identifier.</returns>
    public TouchpointEvent Pseudonymize(TouchpointEvent touchpointEvent)
    {
        Guard.NotNull(touchpointEvent);
        return touchpointEvent with { CustomerId = Pseudonymize(touchpointEvent.CustomerId) };
    }
}
