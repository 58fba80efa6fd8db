using System.Security.Cryptography;
using System.Text;

namespace ServerlessStreams.Durable.Storage.Keys;

/// <summary>
/// Bounds escaped keys: an escaped form longer than the bound is replaced by <c>~~</c> + SHA-256 (lowercase hex).
/// Escaped forms never contain <c>~~</c>, so a hashed key never equals an escaped one.
/// </summary>
internal static class KeyHashing
{
    public const string HashedMarker = "~~";

    /// <summary>Length of a hashed key: the marker and 64 hex digits.</summary>
    public const int HashedLength = 2 + 64;

    public static string Bound(string escaped, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        return escaped.Length <= maxLength ? escaped : Hash(escaped);
    }

    public static bool IsHashed(string key) => key.StartsWith(HashedMarker, StringComparison.Ordinal);

    private static string Hash(string escaped) =>
        HashedMarker + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(escaped)));
}
