using ServerlessStreams.Durable.Sinks;
using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// TEMPORARY, for the local pipeline only (<c>run</c>, the end-to-end tests and the benchmarks) until the local host
/// drives the isolated worker over gRPC: a job's <see cref="JobComponents"/> served by the custom handler on loopback.
/// The deployed app is the isolated worker (<see cref="Worker.JobFunctions"/>).
/// </summary>
public sealed class JobHost : IAsyncDisposable
{
    private readonly JobComponents _components;

    private JobHost(JobComponents components, CustomHandlerServer server)
    {
        _components = components;
        Server = server;
    }

    public JobSpec Job => _components.Job;
    public JobRuntime Runtime => _components.Runtime;
    public Sweeper Sweeper => _components.Sweeper;
    public CustomHandlerServer Server { get; }
    public StreamMetrics Metrics => _components.Metrics;
    public IViewStore Views => _components.Views;
    public IRecordTableStore RecordTables => _components.RecordTables;

    public static async Task<JobHost> StartAsync(JobSpec job, JobRegistry registry, JobHostSettings settings, StreamMetrics? metrics = null,
        TimeProvider? time = null, CancellationToken ct = default)
    {
        var components = JobComponents.Create(job, registry, settings, metrics, time);
        var server = new CustomHandlerServer(new CustomHandlerServerOptions { Port = settings.Port });
        server.MapJob(components.Runtime, new SweeperHandler(job.Name, components.Sweeper, components.Metrics));
        await server.StartAsync(ct);
        return new JobHost(components, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await _components.DisposeAsync();
    }
}
