using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>A started worker process; its console output goes to the host's logger.</summary>
internal interface IWorkerProcess : IAsyncDisposable
{
    int Id { get; }

    /// <summary>Completes with the exit code when the process ends.</summary>
    Task<int> Exited { get; }
}

internal sealed class WorkerProcess : IWorkerProcess
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public Task<int> Exited => _exited.Task;

    public static WorkerProcess Start(WorkerLaunch launch, ILogger logger)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = launch.Environment["FUNCTIONS_APPLICATION_DIRECTORY"],
        };
        foreach (var argument in launch.Arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in launch.Environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line) LocalHostLog.WorkerOutput(logger, line);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) LocalHostLog.WorkerError(logger, line);
        };
        process.Exited += (_, _) => worker._exited.TrySetResult(process.ExitCode);
        if (!process.Start()) throw new InvalidOperationException($"could not start the worker: {launch}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        await Task.WhenAny(_exited.Task, Task.Delay(ExitWait)).ConfigureAwait(false);
        _process.Dispose();
    }
}
