using System.Globalization;
using System.Text.Json.Nodes;

namespace Election;

/// <summary>
/// A deterministic stream of votes for the election sample: roughly one vote every two seconds of event time,
/// with out-of-order events, a few very late ones, duplicate deliveries of earlier votes, malformed lines and
/// votes whose time cannot be read.
/// </summary>
public static class VoteGenerator
{
    public static readonly DateTimeOffset Start = new(2026, 11, 3, 8, 0, 0, TimeSpan.Zero);

    public static IEnumerable<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var sent = new List<string>();
        var clock = Start;
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            if (roll < 0.01)
            {
                yield return i % 2 == 0 ? "{\"voterId\": \"broken" : "[\"not\", \"an\", \"object\"]";
                continue;
            }
            if (roll < 0.04 && sent.Count > 0)
            {
                yield return sent[random.Next(sent.Count)];
                continue;
            }

            clock = clock.AddMilliseconds(500 + random.Next(3000));
            var eventTime = roll switch
            {
                < 0.06 => clock.AddMinutes(-30),
                < 0.20 => clock.AddSeconds(-random.Next(1, 90)),
                _ => clock,
            };
            var vote = new JsonObject
            {
                ["voterId"] = $"voter-{i:D6}",
                ["candidate"] = PickCandidate(random),
                ["eventTime"] = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
            if (roll > 0.995) vote["eventTime"] = "the day before yesterday";
            var line = vote.ToJsonString();
            sent.Add(line);
            yield return line;
        }
    }

    private static string PickCandidate(Random random)
    {
        var x = random.NextDouble();
        return x < 0.45 ? "Alice" : x < 0.80 ? "Bob" : x < 0.995 ? "Carol" : "Mallory";
    }
}
