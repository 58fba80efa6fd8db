using System.Security.Cryptography;
using System.Text;

namespace ServerlessStreams.Durable.Storage.Tables;

/// <summary>
/// Table names: letters and digits, starting with a letter, 3 to 63 characters. A job's table is the prefix, the
/// job's letters and digits (at most 40) and 8 hex digits of the job name's SHA-256, so jobs that differ only in
/// punctuation still get different tables.
/// </summary>
internal static class TableNames
{
    public const int MaxPrefixLength = 14;

    public static string ForJob(string prefix, string job)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"table name prefix '{prefix}' must start with a letter and hold 1 to {MaxPrefixLength} letters or digits", nameof(prefix));
        }
        var letters = new string(job.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(job)))[..8];
        return prefix + letters + hash;
    }

    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 63 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit)
        && !name.Equals("tables", StringComparison.OrdinalIgnoreCase);

    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: >= 1 and <= MaxPrefixLength } && char.IsAsciiLetter(prefix[0]) && prefix.All(char.IsAsciiLetterOrDigit);
}
