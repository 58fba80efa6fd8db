using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServerlessStreams.App.Commands;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.App;

/// <summary>
/// The isolated worker the Functions host starts: the job's functions (from the spec named by the
/// <c>ServerlessStreamsJobSpec</c> app setting, relative to the app folder) served over the host's gRPC stream, with
/// HTTP functions through the ASP.NET Core integration.
/// </summary>
internal static class FunctionApp
{
    public static readonly string DefaultJobSpec = Path.Combine("samples", "election", "job.json");

    public static async Task<int> RunAsync(string[] args)
    {
        var registry = AppRegistry.Create();
        var job = JobFiles.Load(new FileInfo(JobSpecPath(Environment.GetEnvironmentVariable)), registry, Console.Error);
        if (job is null) return JobFiles.InvalidExitCode;

        var builder = FunctionsApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(WorkerArguments.LegacyFormConfiguration(args));
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddServerlessStreams(job, registry);

        var telemetry = TelemetryOptions.FromEnvironment();
        using var meters = Telemetry.CreateMeterProvider(telemetry);
        using var tracers = Telemetry.CreateTracerProvider(telemetry);
        using var app = builder.Build();
        await app.RunAsync();
        return 0;
    }

    /// <summary>The job spec's full path: the app setting (or the election sample) under the app's folder.</summary>
    public static string JobSpecPath(Func<string, string?> appSettings)
    {
        var setting = appSettings(AppSettingNames.JobSpecPath);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(setting) ? DefaultJobSpec : setting, AppContext.BaseDirectory);
    }
}
