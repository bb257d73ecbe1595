using System.Security.Cryptography;
using System.Text;

namespace Market.Api.Features.Money.BankAccounts;

/// <summary>
/// Encrypts bank account numbers at rest with AES-256-GCM (ADR 0012). Keys come from configuration
/// (<c>Money:BankAccountKeys:{id}</c> = 32 bytes in base64, <c>Money:BankAccountKeyId</c> = the one new values use), so
/// every API instance reads the same keys and a database copy alone reveals no number. A stored value is
/// <c>{keyId}:{base64(nonce ‖ tag ‖ ciphertext)}</c>; the owner's id is the associated data, so a ciphertext copied to
/// another row does not decrypt. Old keys stay configured until every value was re-encrypted.
/// </summary>
public sealed class BankDetailsProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;

    /// <summary>
    /// Each thread's AES-GCM contexts by key id. Setting up one (key schedule and native context) cost more than the
    /// decryption itself, and the payout run decrypts 100,000 accounts at a time; an <see cref="AesGcm"/> is not safe to
    /// share between threads, so each thread keeps its own.
    /// </summary>
    private readonly ThreadLocal<Dictionary<string, AesGcm>> _ciphers = new(() => new Dictionary<string, AesGcm>(StringComparer.Ordinal));

    public BankDetailsProtector(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Values.Any(k => k.Length != 32))
        {
            throw new InvalidOperationException("Bank account keys are 32 bytes (AES-256).");
        }

        if (!keys.ContainsKey(currentKeyId) || currentKeyId.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Money:BankAccountKeyId '{currentKeyId}' names no configured key.");
        }

        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
        _currentKeyId = currentKeyId;
    }

    /// <summary>Used only in Development and Testing when no key is configured; never a secret.</summary>
    public const string DevelopmentKeyId = "dev";

    public static BankDetailsProtector FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection("Money:BankAccountKeys");
        var keys = section.GetChildren().ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value ?? string.Empty), StringComparer.Ordinal);
        if (keys.Count > 0)
        {
            return new BankDetailsProtector(keys, configuration["Money:BankAccountKeyId"] ?? keys.Keys.Single());
        }

        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            var developmentKey = SHA256.HashData(Encoding.UTF8.GetBytes("furusato-market development bank key (not secret)"));
            return new BankDetailsProtector(new Dictionary<string, byte[]> { [DevelopmentKeyId] = developmentKey }, DevelopmentKeyId);
        }

        throw new InvalidOperationException("Configure Money:BankAccountKeys (and Money:BankAccountKeyId): bank account numbers are encrypted at rest.");
    }

    public string Protect(string plaintext, Guid ownerId)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + TagSize + data.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        CipherFor(_currentKeyId).Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), ownerId.ToByteArray());
        return _currentKeyId + ":" + Convert.ToBase64String(sealedBytes);
    }

    public string Unprotect(string stored, Guid ownerId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var separator = stored.IndexOf(':', StringComparison.Ordinal);
        var keyId = separator > 0 ? stored[..separator] : null;
        if (keyId is null || !_keys.ContainsKey(keyId))
        {
            throw new CryptographicException("The bank detail was encrypted with a key that is not configured.");
        }

        var sealedBytes = Convert.FromBase64String(stored[(separator + 1)..]);
        var data = new byte[sealedBytes.Length - NonceSize - TagSize];
        CipherFor(keyId).Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), data, ownerId.ToByteArray());
        return Encoding.UTF8.GetString(data);
    }

    private AesGcm CipherFor(string keyId)
    {
        var ciphers = _ciphers.Value!;
        if (!ciphers.TryGetValue(keyId, out var aes))
        {
            aes = new AesGcm(_keys[keyId], TagSize);
            ciphers.Add(keyId, aes);
        }

        return aes;
    }
}
