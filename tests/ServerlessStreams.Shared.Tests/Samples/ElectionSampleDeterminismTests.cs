using System.Text.Json.Nodes;
using Election;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Spec;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Shared.Tests.Samples;

/// <summary>
/// The election sample's results do not depend on timing: its votes, spread over partitions as <c>run</c> spreads
/// them, are processed in different interleavings of the partitions, with the watermark anywhere a real run could put
/// it between batches, and every interleaving ends with the same window states.
/// </summary>
public class ElectionSampleDeterminismTests
{
    private const int Partitions = 4;
    private const int Votes = 3000;

    private static readonly JobRegistry Registry = Registrations.Create();

    private static JobSpec Job()
    {
        var path = Path.Combine(SpecFiles.RepositoryRoot(), "samples", "election", "Election", "job.json");
        var loaded = JobSpecLoader.Load(File.ReadAllText(path), Registry);
        Assert.True(loaded.Errors.Count == 0, string.Join("\n", loaded.Errors));
        return loaded.Job!;
    }

    /// <summary>The vote stream of <c>run --seed 7</c>, keyed by voter as <c>run</c> produces it, in partitions.</summary>
    private static List<Segment>[] PartitionedVotes()
    {
        var partitions = Enumerable.Range(0, Partitions).Select(_ => new List<Segment>()).ToArray();
        foreach (var line in VoteGenerator.Generate(Votes, seed: 7))
        {
            JsonObject? payload;
            try
            {
                payload = JsonNode.Parse(line) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }
            if (payload is null) continue;
            var voter = payload["voterId"]?.ToString() ?? "";
            var partition = (int)(StableHash(voter) % Partitions);
            var offset = partitions[partition].Count;
            partitions[partition].Add(new Segment
            {
                Id = SegmentId.FromSource("votes", partition, offset),
                Payload = payload,
                Source = new SourceCoordinates("votes", partition, offset),
            });
        }
        return partitions;
    }

    /// <summary>FNV-1a: string hash codes differ from process to process, and the test's input must not.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }

    /// <summary>
    /// Runs the job's function tasks on batches taken from the partitions in an order <paramref name="seed"/> picks;
    /// before each batch the watermark moves to a point a real run could have: between the slowest and the fastest
    /// partition's largest event time less maxOutOfOrderness (an idle partition lets it jump to the fastest), never
    /// backwards. Returns every (task, key)'s extents, and how many segments were late.
    /// </summary>
    private static (SortedDictionary<string, string> Extents, int Late) Run(JobSpec job, List<Segment>[] partitions, int seed)
    {
        var random = new Random(seed);
        var stages = job.Catalog.Where(t => t.Type == TaskType.Function).Select(t => new FunctionStage(job, t, Registry)).ToList();
        var states = stages.ToDictionary(s => s.Name, _ => new Dictionary<GroupKey, KeyState>());
        var seen = stages.ToDictionary(s => s.Name, _ => new HashSet<(GroupKey, SegmentId)>());
        var next = new int[partitions.Length];
        var maxEventTime = new double?[partitions.Length];
        var lag = job.Time.MaxOutOfOrderness.TotalMilliseconds;
        double? watermark = null;
        var late = 0;
        while (Enumerable.Range(0, partitions.Length).Any(p => next[p] < partitions[p].Count))
        {
            var known = maxEventTime.Where(t => t is not null).Select(t => t!.Value).ToList();
            if (known.Count > 0)
            {
                var slowest = known.Min();
                var candidate = slowest + random.NextDouble() * (known.Max() - slowest) - lag;
                watermark = watermark is { } w ? Math.Max(w, candidate) : candidate;
            }

            var partition = Enumerable.Range(0, partitions.Length).Where(p => next[p] < partitions[p].Count).ElementAt(random.Next(
                Enumerable.Range(0, partitions.Length).Count(p => next[p] < partitions[p].Count)));
            var batch = partitions[partition].Skip(next[partition]).Take(1 + random.Next(200)).ToList();
            next[partition] += batch.Count;
            var now = 0d;
            foreach (var stage in stages)
            {
                var byKey = new Dictionary<GroupKey, List<Segment>>();
                foreach (var segment in batch)
                {
                    StageOutput output;
                    try
                    {
                        output = stage.Process(segment);
                    }
                    catch (SegmentRejectedException)
                    {
                        continue;
                    }
                    foreach (var result in output.Results)
                        if (result.EventTime is { } t) maxEventTime[partition] = Math.Max(maxEventTime[partition] ?? t, t);
                    if (!seen[stage.Name].Add((output.Key, output.DedupeId))) continue;
                    if (!byKey.TryGetValue(output.Key, out var list)) byKey[output.Key] = list = [];
                    list.AddRange(output.Results);
                    now = Math.Max(now, maxEventTime[partition] ?? 0);
                }
                foreach (var (key, segments) in byKey)
                {
                    if (!states[stage.Name].TryGetValue(key, out var state)) states[stage.Name][key] = state = stage.Machine.NewState();
                    late += stage.Machine.Apply(state, key, segments, now, watermark).Late.Count;
                }
                // The sweeper wakes every key between batches.
                foreach (var (key, state) in states[stage.Name]) stage.Machine.Tick(state, key, now, watermark);
            }
        }

        var extents = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var codec = new KeyStateCodec(stage.Compiled);
            foreach (var (key, state) in states[stage.Name])
                foreach (var (extentKey, extent) in state.Extents)
                    extents[$"{stage.Name} {key.Json} {stage.Compiled.Windows[extentKey.Window].Id} {extentKey.Id}"] =
                        codec.SaveExtent(extentKey, extent)["acc"]!.ToJsonString();
        }
        return (extents, late);
    }

    [Fact]
    public void Every_interleaving_of_partitions_and_watermarks_ends_with_the_same_window_states()
    {
        var job = Job();
        var partitions = PartitionedVotes();
        var (expected, late) = Run(job, partitions, seed: 0);

        Assert.Equal(0, late);
        Assert.Contains(expected, e => e.Key.StartsWith("all-votes null total-votes", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.Key.StartsWith("all-votes null votes-per-hour-sliding", StringComparison.Ordinal));
        for (var seed = 1; seed <= 5; seed++)
        {
            var (actual, actualLate) = Run(job, partitions, seed);
            Assert.Equal(0, actualLate);
            Assert.Equal(expected, actual);
        }
    }
}
