using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Election;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// The election sample as it ships (samples/election/Election/job.json): votes keyed by voter, counted under no group key
/// (total, per hour, sliding) and per candidate, each voter once (a uniqueness key). No group key is the Kafka key.
/// </summary>
internal sealed class ElectionWorkload : ScaleWorkload
{
    private const int Seed = 21;
    private readonly JobSpec _job = JobSpecLoader.Load(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "job.json")), Registrations.Create()).GetJobOrThrow();

    public override string Name => "election";

    /// <summary>
    /// With the 8,000 warm-up votes, about 15 hours of votes: the all-votes entity keeps the pending firings of every
    /// hourly extent in its meta row, which outgrew a Table entity (1 MiB) after about 30 hours of votes on 8 partitions
    /// (measured while it kept every firing, not only the newest of each extent), and from then on votes were
    /// dead-lettered.
    /// </summary>
    public override int DefaultRecords => 20_000;

    public override string InputTask => "votes";

    public override JobSpec JobFor(string tag) => Tagged(_job, tag);

    /// <summary>The sample's vote stream: about 1% malformed lines (dead letters) and 3% votes delivered again.</summary>
    public override IReadOnlyList<string> Records(int count) => VoteGenerator.Generate(count, Seed).ToList();

    public override string? KeyOf(string record) => Vote(record)?.Voter;

    public override IReadOnlyList<string> ViewedWindows => ["total-votes", "standings"];

    /// <summary>Distinct voters overall and per candidate, among votes whose time can be read.</summary>
    public override IReadOnlyDictionary<WindowCount, long> Expected(IEnumerable<string> records)
    {
        var votes = records.Select(Vote).OfType<(string Voter, string Candidate, bool Timed)>().Where(v => v.Timed).DistinctBy(v => v.Voter).ToList();
        var expected = new Dictionary<WindowCount, long> { [new("total-votes", GroupKey.None)] = votes.Count };
        foreach (var candidate in votes.GroupBy(v => v.Candidate))
            expected[new("standings", GroupKey.From(JsonValue.Create(candidate.Key)))] = candidate.LongCount();
        return expected;
    }

    private static (string Voter, string Candidate, bool Timed)? Vote(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject vote || vote["voterId"] is not JsonValue voter) return null;
            var timed = vote["eventTime"] is JsonValue time && time.TryGetValue<string>(out var text) &&
                DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
            return (voter.GetValue<string>(), vote["candidate"]?.GetValue<string>() ?? "", timed);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
