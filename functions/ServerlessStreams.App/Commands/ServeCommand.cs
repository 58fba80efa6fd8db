using System.CommandLine;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.App.Commands;

/// <summary>
/// <c>serve</c>: the custom handler the Functions host starts (host.json <c>customHandler</c>). Settings come from
/// the app settings the host passes as environment variables; it listens on <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Serve the job's functions to the Azure Functions host (custom handler).");
        command.SetAction(async (parse, ct) =>
        {
            var specPath = Environment.GetEnvironmentVariable(AppSettingNames.JobSpecPath) ?? Path.Combine("samples", "election", "job.json");
            var registry = AppRegistry.Create();
            var job = JobFiles.Load(new FileInfo(Path.GetFullPath(specPath)), registry, Console.Error);
            if (job is null) return JobFiles.InvalidExitCode;

            var settings = JobHostSettings.FromAppSettings(Environment.GetEnvironmentVariable, job.Catalog.Select(t => t.Name));
            var telemetry = TelemetryOptions.FromEnvironment();
            using var meters = Telemetry.CreateMeterProvider(telemetry);
            using var tracers = Telemetry.CreateTracerProvider(telemetry);
            await using var host = await JobHost.StartAsync(job, registry, settings, ct: ct);
            Console.WriteLine($"serving job '{job.Name}' on {host.Server.BaseAddress} ({string.Join(", ", host.Server.FunctionNames)})");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM from the host: stop serving.
            }
            return 0;
        });
        return command;
    }
}
