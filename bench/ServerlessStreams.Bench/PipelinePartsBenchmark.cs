using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Bench;

/// <summary>
/// Where the end-to-end time goes, per record, without Kafka, one batch at a time: the host's encoding of a batch
/// (what the Functions host or the local trigger host does), the HTTP hop to a handler that only answers, the
/// handler's decoding, and the stage itself (segments, function, window entities in the in-process store, sinks).
/// Same job and records as <c>e2e</c>; the first pass runs cold, the fifth warm.
/// </summary>
internal static class PipelinePartsBenchmark
{
    private const int BatchSize = 1000;

    /// <summary>Passes over fresh records; the first runs cold, the last warm (the ones between are not printed).</summary>
    private const int Passes = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var job = EndToEndBenchmark.Job();
        var runtime = new JobRuntime(job, JobRegistry.Default, new JobRuntimeServices
        {
            Store = new InMemoryWindowEntityStore(),
            Views = new InMemoryViewStore(),
            RecordTables = new InMemoryRecordTableStore(),
            Publisher = new DiscardingPublisher(),
            Progress = new StoreProgressTracker(job, new InMemoryProgressStore(), TimeProvider.System, new FixedPartitions()),
        });

        // The HTTP hop alone: the same bodies posted to a handler that only answers.
        await using var server = new CustomHandlerServer();
        server.Map("stage-events", (_, _) => Task.FromResult(InvocationResult.Empty()));
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        for (var pass = 0; pass < Passes; pass++)
        {
            var batches = Batches(records, first: pass * records);
            var encode = new Stopwatch();
            var decode = new Stopwatch();
            var process = new Stopwatch();
            var transport = new Stopwatch();
            long encodeBytes = 0, decodeBytes = 0, processBytes = 0;
            long bytes = 0;
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
            foreach (var batch in batches)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                encode.Start();
                using var payload = KafkaTriggerPayload.Encode(batch, functionName: "stage-events");
                encode.Stop();
                encodeBytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
                var body = payload.Utf8Body;
                bytes += body.Length;

                transport.Start();
                using (var answer = await http.PostAsync("stage-events", new ReadOnlyMemoryContent(body)))
                {
                    transport.Stop();
                    answer.EnsureSuccessStatusCode();
                }

                allocated = GC.GetAllocatedBytesForCurrentThread();
                decode.Start();
                // As the handler reads it: the body in a pooled buffer, parsed without the batch's text.
                var rented = ArrayPool<byte>.Shared.Rent(body.Length);
                body.Span.CopyTo(rented);
                using var invocationBody = InvocationBody.Parse(rented, body.Length, UnparsedDataStrings.DefaultMinLength);
                var request = invocationBody.Borrow("stage-events", "");
                var decoded = KafkaTriggerPayload.Decode(request, KafkaBindingDefaults.Name);
                decode.Stop();
                decodeBytes += GC.GetAllocatedBytesForCurrentThread() - allocated;

                allocated = GC.GetAllocatedBytesForCurrentThread();
                process.Start();
                await runtime.ProcessAsync(EndToEndBenchmark.Topic, decoded, default);
                process.Stop();
                processBytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
            }
            if (pass is not (0 or Passes - 1)) continue;
            Console.WriteLine($"pass {pass + 1} ({(pass == 0 ? "cold" : "warm")}): {records} records in {batches.Count} batches, {bytes / batches.Count / 1024} KiB per request body");
            Console.WriteLine($"  GCs {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3} (gen0/1/2), paused {(GC.GetTotalPauseDuration() - gcBefore.Item4).TotalSeconds:F2} s, allocated {(GC.GetTotalAllocatedBytes() - gcBefore.Item5) / records} bytes/record");
            Console.WriteLine($"  encode (host side):  {PerRecord(encode, records)}, {encodeBytes / records} bytes/record allocated");
            Console.WriteLine($"  HTTP hop (empty handler): {PerRecord(transport, records)}");
            Console.WriteLine($"  decode (handler):    {PerRecord(decode, records)}, {decodeBytes / records} bytes/record allocated");
            Console.WriteLine($"  process (stage):     {PerRecord(process, records)}, {processBytes / records} bytes/record allocated");
        }
        return 0;
    }

    private static string PerRecord(Stopwatch watch, int records) =>
        $"{watch.Elapsed.TotalMicroseconds / records,6:F2} µs/record ({watch.Elapsed.TotalSeconds:F2} s)";

    /// <summary>The e2e records, cut into batches per partition as the trigger host delivers them.</summary>
    private static List<List<KafkaEventRecord>> Batches(int records, int first)
    {
        var lines = EndToEndBenchmark.Records(records, first);
        var offsetBase = first;
        var perPartition = Enumerable.Range(0, EndToEndBenchmark.Partitions).Select(_ => new List<KafkaEventRecord>()).ToArray();
        for (var i = 0; i < lines.Count; i++)
        {
            // Keyed by user, as e2e produces them: each user's records are in one partition.
            var user = lines[i][9..14];
            var partition = int.Parse(user[1..].TrimEnd('"', ','), CultureInfo.InvariantCulture) % EndToEndBenchmark.Partitions;
            var offset = offsetBase + perPartition[partition].Count;
            perPartition[partition].Add(new KafkaEventRecord(EndToEndBenchmark.Topic, partition, offset, 1_700_000_000_000L + i, user, lines[i]));
        }
        return perPartition.SelectMany(p => p.Chunk(BatchSize).Select(c => c.ToList())).ToList();
    }

    private sealed class DiscardingPublisher : IRecordPublisher
    {
        public Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class FixedPartitions : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(EndToEndBenchmark.Partitions);
    }
}
