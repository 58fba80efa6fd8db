using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessStreams.Testing;

/// <summary>The election's expected results, computed from the vote lines without the engine.</summary>
internal static class ElectionOracle
{
    /// <summary>Distinct voters per candidate among votes with a readable time.</summary>
    public static Dictionary<string, long> Standings(IEnumerable<string> lines) =>
        ValidVotes(lines)
            .GroupBy(v => v.Candidate)
            .ToDictionary(g => g.Key, g => (long)g.Select(v => v.Voter).Distinct().Count());

    /// <summary>Distinct voters overall (the all-votes task de-duplicates by voter id too).</summary>
    public static long Total(IEnumerable<string> lines) => ValidVotes(lines).Select(v => v.Voter).Distinct().Count();

    /// <summary>Lines that are not JSON objects, or whose time cannot be read.</summary>
    public static int Malformed(IEnumerable<string> lines) => lines.Count(l => Parse(l) is null);

    private static IEnumerable<(string Voter, string Candidate)> ValidVotes(IEnumerable<string> lines) =>
        lines.Select(Parse).OfType<(string, string)>();

    private static (string Voter, string Candidate)? Parse(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject vote) return null;
            if (vote["eventTime"] is not JsonValue time || !time.TryGetValue<string>(out var text) ||
                !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                return null;
            return (vote["voterId"]!.GetValue<string>(), vote["candidate"]!.GetValue<string>());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
