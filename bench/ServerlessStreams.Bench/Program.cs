using ServerlessStreams.Bench;
using ServerlessStreams.Bench.Chaos;
using ServerlessStreams.Bench.Engine;
using ServerlessStreams.Bench.EndToEnd;
using ServerlessStreams.Bench.Scale;

// One case per benchmark, each in its own file; a case gets the arguments after the benchmark's name.
return args.Length == 0 ? Usage() : args[0] switch
{
    "engine" => EngineBenchmark.Run(args[1..]),
    "store" => await StoreBenchmark.RunAsync(),
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..]),
    "parts" => await PipelinePartsBenchmark.RunAsync(args[1..]),
    "ingest" => await IngestBenchmark.RunAsync(args[1..]),
    "scale" => await ScaleBenchmark.RunAsync(args[1..]),
    "preagg" => await PreAggregationBenchmark.RunAsync(args[1..]),
    "chaos" => await ChaosBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/ServerlessStreams.Bench -- <benchmark> [options]");
    Console.Error.WriteLine("  engine   windowed count through the window state machine against a hand-written Dictionary loop");
    Console.Error.WriteLine("  store    window entities on Azurite: batched transactions against one transaction per event");
    Console.Error.WriteLine("  e2e      embedded Kafka → local host → worker over gRPC → in-process store → Table views, against the bare consume rate [records] [warm-up rounds]");
    Console.Error.WriteLine("  parts    the e2e path's cost per record by part: host encoding, gRPC hop, worker decoding, stage [records]");
    Console.Error.WriteLine("  ingest   records/s posted to the app's ingestion function against producing them directly [records]");
    Console.Error.WriteLine("  scale    the election job and a hot-key job on 8 partitions with 1, 2 and 4 instances: records/s against the bare consume rate,");
    Console.Error.WriteLine("           transactions per 1,000 records, conflicts per transaction settled and around rebalances");
    Console.Error.WriteLine("           [records per in-process round; default 20,000 election, 100,000 hot key] [--burst N records after the joins on Azurite]");
    Console.Error.WriteLine("           [--only in-process|azurite] [--instances 1,2,4] [--jobs election,hot-key]");
    Console.Error.WriteLine("  preagg   one hot key across the repartition hop with and without pre-aggregation: internal records, bytes,");
    Console.Error.WriteLine("           entity transactions [records; default 100,000]");
    Console.Error.WriteLine("  chaos    the chaos job in real processes under kill -9 of workers and hosts, instances joining and leaving, Azurite and");
    Console.Error.WriteLine("           broker outages, hostile records; every view and entity against an oracle; exit 1 on any mismatch");
    Console.Error.WriteLine("           [--short] [--records N] [--seed S] [--rate records/s] [--worker-kills N] [--host-kills N] [--outage seconds]");
    return 2;
}
