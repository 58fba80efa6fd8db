using System.Diagnostics;
using System.Globalization;
using System.Text;
using ServerlessStreams.Local.Azurite;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>
/// A command of the built function app's CLI (<c>dotnet App.dll COMMAND …</c>) in a process of its own, its output
/// lines kept and watched. It can be killed with SIGKILL (kill -9: no chance to clean up) or stopped with SIGTERM.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly StringBuilder _tail = new();
    private readonly Stopwatch _clock;
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];

    private AppProcess(Process process, string name, Stopwatch clock)
    {
        _process = process;
        Name = name;
        _clock = clock;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public static AppProcess Start(string appDll, string name, Stopwatch clock, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, name, clock);
        process.OutputDataReceived += (_, e) => app.Add(e.Data);
        process.ErrorDataReceived += (_, e) => app.Add(e.Data);
        process.Start();
        // A run stopped early (Ctrl+C, SIGTERM) takes its processes with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.KillWithChildren();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Writes a line to the process's standard input.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The lines starting with <paramref name="prefix"/> so far, with when they came.</summary>
    public IReadOnlyList<(TimeSpan At, string Line)> Lines(string prefix)
    {
        lock (_gate)
        {
            return [.. _lines.Where(l => l.Line.StartsWith(prefix, StringComparison.Ordinal))];
        }
    }

    /// <summary>The last few kilobytes of output, for an error message.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return _tail.ToString();
        }
    }

    /// <summary>Waits for the first line (from the start) that <paramref name="match"/> accepts; fails when the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var earlier = _lines.FirstOrDefault(l => match(l.Line)).Line;
            if (earlier is not null) return earlier;
            _waits.Add((match, seen));
        }
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (done == seen.Task) return await seen.Task;
        throw new InvalidOperationException(done == exited
            ? $"{Name} exited (code {_process.ExitCode}) before {what}; its output:\n{Tail()}"
            : $"{Name} did not show {what} within {timeout.TotalSeconds:F0} s; its output:\n{Tail()}");
    }

    /// <summary>kill -9.</summary>
    public void Kill() => Signal(PosixSignals.Kill);

    /// <summary>SIGTERM: a clean stop, as Ctrl+C.</summary>
    public void Terminate() => Signal(PosixSignals.Terminate);

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>The processes this one started that are still running (a host's worker).</summary>
    public IReadOnlyList<int> Children() => ChildrenOf(_process.Id);

    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent && fields[0] != "Z") children.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended meanwhile.
            }
        }
        return children;
    }

    public static void Kill(int processId) => _ = PosixSignals.Kill(processId);

    private void KillWithChildren()
    {
        try
        {
            if (_process.HasExited) return;
            var children = Children();
            Kill();
            foreach (var child in children) Kill(child);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            var children = Children();
            Terminate();
            await WaitForExitAsync(TimeSpan.FromSeconds(20));
            foreach (var child in children) Kill(child);
        }
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _lines.Add((_clock.Elapsed, line));
            _tail.AppendLine(line);
            if (_tail.Length > 8_000) _tail.Remove(0, _tail.Length - 8_000);
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (!_waits[i].Match(line)) continue;
                matched.Add(_waits[i].Seen);
                _waits.RemoveAt(i);
            }
        }
        foreach (var seen in matched) seen.TrySetResult(line);
    }

    private void Signal(Func<int, int> send)
    {
        try
        {
            if (!_process.HasExited) _ = send(_process.Id);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
