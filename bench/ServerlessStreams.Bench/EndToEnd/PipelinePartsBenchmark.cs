using System.Diagnostics;
using System.Globalization;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Local;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Local.Host.Rpc.Messages;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// Where the end-to-end time goes, per record, without Kafka on the path, one batch at a time, with the e2e job and
/// records. In this process: the host's encoding of a batch as an InvocationRequest, the worker's decoding of the
/// records' coordinates from the trigger metadata, and the stage (segments, function, window entities in the in-process store, sinks). Then the same requests
/// sent over gRPC to the worker in its own process, as the local host sends them: that round trip, less the stage time
/// the worker reports and the decoding measured here, is the hop (gRPC both ways and the worker SDK's binding).
/// Every part runs <see cref="Passes"/> passes over fresh records; the first is cold, the last warm.
/// </summary>
internal static class PipelinePartsBenchmark
{
    private const int Passes = 5;
    private const string Round = "events";

    public static async Task<int> RunAsync(string[] args)
    {
        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var job = BenchJob.Of("bench", [Round]);
        var runtime = new JobRuntime(job, JobRegistry.Default, new JobRuntimeServices
        {
            Store = new InMemoryWindowEntityStore(),
            Views = new InMemoryViewStore(),
            RecordTables = new InMemoryRecordTableStore(),
            Publisher = new DiscardingPublisher(),
            Progress = new StoreProgressTracker(job, new InMemoryProgressStore(), TimeProvider.System, new FixedPartitions()),
        });

        // The worker needs a broker only to learn partition counts; the batches are sent to it directly.
        await using var pipeline = await LocalPipeline.StartAsync(job, new LocalPipelineOptions { Partitions = BenchJob.Partitions });
        var stage = BenchJob.StageOf(Round);

        for (var pass = 0; pass < Passes; pass++)
        {
            var batches = Batches(records, first: pass * records);
            var parts = new PartTimes();
            foreach (var batch in batches)
            {
                var request = parts.Measure(PartTimes.Encode, () => InvocationRequests.KafkaBatch(JobFunctionCatalog.KafkaEventsParameter, batch, KafkaBatchDataType.Binary));
                var (values, metadata) = WorkerBinding(request);
                var decoded = parts.Measure(PartTimes.Decode, () => KafkaEventBatch.Decode(values, metadata));
                await parts.MeasureAsync(PartTimes.Stage, () => runtime.ProcessAsync(Round, decoded, default));
            }

            // The same requests, encoded again, through the worker; its stage time comes from its stats, its CPU time
            // from the system.
            var before = await pipeline.ReadStatsAsync();
            using var worker = System.Diagnostics.Process.GetProcessById(pipeline.TriggerHost.Worker.WorkerProcessId);
            var workerCpu = worker.TotalProcessorTime;
            foreach (var batch in batches)
            {
                var request = InvocationRequests.KafkaBatch(JobFunctionCatalog.KafkaEventsParameter, batch, KafkaBatchDataType.Binary);
                var outcome = await parts.MeasureAsync(PartTimes.RoundTrip, () => pipeline.TriggerHost.Invoker.InvokeAsync(stage, request, default));
                if (!outcome.Succeeded) throw new InvalidOperationException($"the worker failed a batch: {outcome.Error}");
            }
            worker.Refresh();
            workerCpu = worker.TotalProcessorTime - workerCpu;
            var after = await pipeline.ReadStatsAsync();
            var workerStage = TimeSpan.FromMilliseconds(after.Stream.BatchMillisecondsTotal - before.Stream.BatchMillisecondsTotal);

            if (pass is not (0 or Passes - 1)) continue;
            Console.WriteLine($"pass {pass + 1} ({(pass == 0 ? "cold" : "warm")}): {records} records in {batches.Count} batches of up to {BenchJob.BatchSize}");
            Console.WriteLine($"  host encoding (InvocationRequest):   {parts.PerRecord(PartTimes.Encode, records)}");
            Console.WriteLine($"  gRPC hop and worker SDK binding:     {PartTimes.PerRecord(parts.Elapsed(PartTimes.RoundTrip) - workerStage - parts.Elapsed(PartTimes.Decode), records)} (round trip {PartTimes.PerRecord(parts.Elapsed(PartTimes.RoundTrip), records)}, of which the worker's stage {PartTimes.PerRecord(workerStage, records)})");
            Console.WriteLine($"  worker decoding (metadata arrays):   {parts.PerRecord(PartTimes.Decode, records)}");
            Console.WriteLine($"  stage (segments, function, entities, sinks): {parts.PerRecord(PartTimes.Stage, records)}");
            Console.WriteLine($"  CPU per record through the worker: host {parts.Cpu(PartTimes.RoundTrip).TotalMicroseconds / records:F2} µs (sending, the gRPC server), worker process {workerCpu.TotalMicroseconds / records:F2} µs (receiving, binding, decoding, stage, GC)");
        }
        return 0;
    }

    /// <summary>
    /// What the worker SDK hands the stage function for a request (GrpcFunctionBindingsFeature, ArrayConverter): the
    /// values as <c>byte[][]</c>, JSON metadata as strings, collections as lists.
    /// </summary>
    private static (byte[][] Values, Dictionary<string, object?> Metadata) WorkerBinding(InvocationRequest request)
    {
        var values = request.InputData[0].Data.CollectionBytes.Bytes.Select(b => b.ToByteArray()).ToArray();
        var metadata = request.TriggerMetadata.ToDictionary(p => p.Key, p => p.Value.DataCase switch
        {
            TypedData.DataOneofCase.CollectionSint64 => (object?)p.Value.CollectionSint64.Sint64,
            TypedData.DataOneofCase.CollectionString => p.Value.CollectionString.String,
            _ => p.Value.Json,
        }, StringComparer.OrdinalIgnoreCase);
        return (values, metadata);
    }

    /// <summary>The e2e records, cut into batches per partition as the trigger host delivers them.</summary>
    private static List<List<KafkaEventRecord>> Batches(int records, int first)
    {
        var lines = BenchJob.Records(records, first);
        var perPartition = Enumerable.Range(0, BenchJob.Partitions).Select(_ => new List<KafkaEventRecord>()).ToArray();
        for (var i = 0; i < lines.Count; i++)
        {
            var user = BenchJob.KeyOf(lines[i]);
            var partition = int.Parse(user.AsSpan(1), CultureInfo.InvariantCulture) % BenchJob.Partitions;
            var offset = first + perPartition[partition].Count;
            perPartition[partition].Add(new KafkaEventRecord(Round, partition, offset, 1_700_000_000_000L + i, user, lines[i]));
        }
        return perPartition.SelectMany(p => p.Chunk(BenchJob.BatchSize).Select(c => c.ToList())).ToList();
    }

    private sealed class DiscardingPublisher : IRecordPublisher
    {
        public Task PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class FixedPartitions : ITopicPartitions
    {
        public Task<int> CountAsync(string topic, CancellationToken ct) => Task.FromResult(BenchJob.Partitions);
    }
}
