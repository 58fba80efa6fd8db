using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json.Nodes;
using Election;
using ServerlessStreams.Durable.Leases;
using ServerlessStreams.Durable.Progress;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Functions.Tests.Runtime;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Worker;

/// <summary>The election job's <see cref="JobFunctions"/> over <see cref="RuntimeRig"/>'s in-process stores.</summary>
internal sealed class WorkerRig
{
    public WorkerRig(Func<IReadOnlyList<OutgoingRecord>, Task>? publish = null, IConsumerLagSource? consumerLag = null)
    {
        Rig = new RuntimeRig(publish);
        var sweeper = new Sweeper(Rig.Job, Rig.Runtime.Appliers, Rig.Store, new ScanningDueEntityIndex(Rig.Store),
            new InMemoryProgressStore(), Leases, Rig.Runtime.Sinks, TimeProvider.System);
        Components = JobComponents.Compose(Rig.Runtime, sweeper, new WindowQuery(Rig.Job, Registrations.Create(), Rig.Store), Rig.Metrics, consumerLag);
        Functions = new JobFunctions(Components, new StageFunctionNames(Rig.Job), NullLogger<JobFunctions>.Instance);
    }

    public RuntimeRig Rig { get; }

    /// <summary>The sweeper's leases: a test holds one to play another instance sweeping.</summary>
    public InMemoryLeaseProvider Leases { get; } = new();
    public JobComponents Components { get; }
    public JobFunctions Functions { get; }

    /// <summary>
    /// Invokes a stage function with records as the host sends them and the worker SDK binds them, then the keyed
    /// functions of the repartitioned tasks with the internal records it produced, as the host would trigger them.
    /// </summary>
    public async Task RunStageAsync(IReadOnlyList<KafkaEventRecord> records, string function = "stage-votes")
    {
        await InvokeAsync(function, records);
        foreach (var (task, internalRecords) in Rig.TakeInternalRecords())
            await InvokeAsync(ServerlessStreams.Functions.Generation.FunctionNames.Keyed(task), internalRecords);
    }

    private Task InvokeAsync(string function, IReadOnlyList<KafkaEventRecord> records)
    {
        var (values, metadata) = KafkaRecordSamples.HostBatch(records);
        return Functions.RunStageAsync(values, new FakeFunctionContext(function, metadata));
    }

    public static HttpRequest Get(string path)
    {
        var context = new DefaultHttpContext();
        var query = path.IndexOf('?');
        context.Request.Method = "GET";
        context.Request.Path = query < 0 ? path : path[..query];
        if (query >= 0) context.Request.QueryString = new QueryString(path[query..]);
        return context.Request;
    }

    public static (int Status, JsonNode Body) Read(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal("application/json", content.ContentType);
        return (content.StatusCode ?? 200, JsonNode.Parse(content.Content!)!);
    }
}
