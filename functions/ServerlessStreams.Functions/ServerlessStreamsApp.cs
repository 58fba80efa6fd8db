using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions;

/// <summary>
/// A function app that runs one job: its spec (a JSON file in the app's folder) and the C# functions, key functions,
/// predicates, aggregations and callbacks the spec names. <see cref="RunWorkerAsync"/> serves the job's functions as
/// the .NET isolated worker the Functions host starts.
/// </summary>
public sealed class ServerlessStreamsApp
{
    /// <summary>The exit code when the job spec is missing or invalid.</summary>
    public const int InvalidJobExitCode = 2;

    /// <param name="registry">What the job spec may name, beyond the built-in <c>identity</c> function.</param>
    /// <param name="jobSpec">The job spec's path relative to the app's folder; the <c>ServerlessStreamsJobSpec</c> app setting overrides it.</param>
    public ServerlessStreamsApp(JobRegistry registry, string jobSpec = "job.json")
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobSpec);
        Registry = registry;
        JobSpec = jobSpec;
    }

    /// <summary>What the job spec may name.</summary>
    public JobRegistry Registry { get; }

    /// <summary>The job spec's path relative to the app's folder, unless an app setting names another.</summary>
    public string JobSpec { get; }

    /// <summary>Whether this process was started by the Functions host (or the local host) as the app's worker.</summary>
    public static bool IsStartedAsWorker(IEnumerable<string> args) => WorkerArguments.AreFromFunctionsHost(args);

    /// <summary>The job spec's full path: the <c>ServerlessStreamsJobSpec</c> app setting, else <see cref="JobSpec"/>, under the app's folder.</summary>
    internal string JobSpecPath(Func<string, string?> appSettings)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var setting = appSettings(AppSettingNames.JobSpecPath);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(setting) ? JobSpec : setting, AppContext.BaseDirectory);
    }

    /// <summary>
    /// Loads and validates a job spec against <see cref="Registry"/>. Every problem — a spec field or a name the
    /// registry lacks — is written to <paramref name="errors"/> with its JSON path; null then.
    /// </summary>
    internal JobSpec? LoadJob(FileInfo file, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(errors);
        if (!file.Exists)
        {
            errors.WriteLine($"{file.FullName}: no such job spec file");
            return null;
        }
        var result = JobSpecLoader.Load(File.ReadAllText(file.FullName), Registry);
        if (result.IsValid) return result.Job;
        errors.WriteLine($"{file.Name}: {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}");
        foreach (var error in result.Errors) errors.WriteLine($"{error.Path}: {error.Message}");
        return null;
    }

    /// <summary>
    /// Serves the job's functions over the host's gRPC stream, with the HTTP functions through the ASP.NET Core
    /// integration, until the host stops the worker. Returns <see cref="InvalidJobExitCode"/> at once when the job
    /// spec is invalid, having written every problem to standard error.
    /// </summary>
    public async Task<int> RunWorkerAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var job = LoadJob(new FileInfo(JobSpecPath(Environment.GetEnvironmentVariable)), Console.Error);
        if (job is null) return InvalidJobExitCode;

        var builder = FunctionsApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(WorkerArguments.LegacyFormConfiguration(args));
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddServerlessStreams(job, Registry);

        var telemetry = TelemetryOptions.FromEnvironment();
        using var meters = Telemetry.CreateMeterProvider(telemetry);
        using var tracers = Telemetry.CreateTracerProvider(telemetry);
        using var app = builder.Build();
        await app.RunAsync();
        return 0;
    }
}
