using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessStreams.Functions.Dashboard;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Ingestion;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>Registration of a job's functions in an isolated worker's services.</summary>
public static class ServerlessStreamsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a job's functions in an isolated worker: their metadata (replacing the SDK's provider), the
    /// <see cref="JobFunctions"/> that run them and the <see cref="JobComponents"/> they call, with broker, storage and
    /// topics from the app settings (<paramref name="appSettings"/>; the process environment, where the Functions host
    /// puts them, by default).
    /// </summary>
    public static IServiceCollection AddServerlessStreams(this IServiceCollection services, JobSpec job, JobRegistry registry,
        Func<string, string?>? appSettings = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(registry);
        appSettings ??= Environment.GetEnvironmentVariable;

        services.AddSingleton(job);
        services.AddSingleton(registry);
        services.AddSingleton(new GenerationOptions { Kafka = KafkaConnectionOptions.FromAppSettings(appSettings) });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamMetrics>();
        services.AddSingleton(provider => JobComponents.Create(job, registry,
            JobComponentsSettings.FromAppSettings(appSettings, job.Catalog.Select(t => t.Name)),
            provider.GetRequiredService<StreamMetrics>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new StageFunctionNames(job));
        services.AddScoped<JobFunctions>();
        services.TryAddSingleton<IIngestPublisher>(_ =>
            new KafkaIngestPublisher(new SegmentProducer(JobComponentsSettings.FromAppSettings(appSettings, []).Kafka)));
        var ingestLimits = IngestLimits.FromAppSettings(appSettings); // a bad value stops the worker at start-up, naming the setting
        services.AddSingleton(provider =>
        {
            var topics = JobComponentsSettings.FromAppSettings(appSettings, job.Catalog.Select(t => t.Name)).Topics;
            return new JobIngestion(job, provider.GetRequiredService<IIngestPublisher>(),
                (task, topic) => topics.TryGetValue(task, out var deployed) ? deployed : topic, provider.GetRequiredService<TimeProvider>(), ingestLimits);
        });
        services.AddScoped<IngestFunctions>();
        services.AddSingleton(provider => new DashboardData(provider.GetRequiredService<JobComponents>(), provider.GetRequiredService<TimeProvider>()));
        services.AddScoped<DashboardFunctions>();
        services.RemoveAll<IFunctionMetadataProvider>();
        services.AddSingleton<IFunctionMetadataProvider, JobFunctionMetadataProvider>();
        return services;
    }
}
