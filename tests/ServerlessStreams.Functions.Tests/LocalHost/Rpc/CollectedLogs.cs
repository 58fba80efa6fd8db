using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>A logger factory that keeps every line, and lets a test wait for one.</summary>
internal sealed class CollectedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    public CollectedLogs()
    {
        Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));
    }

    public ILoggerFactory Factory { get; }

    public IEnumerable<(string Category, LogLevel Level, string Message)> Lines => _lines;

    /// <summary>Completes with the first line, logged before or after the call, that <paramref name="match"/> accepts.</summary>
    public Task<string> WaitForAsync(Func<string, bool> match, TimeSpan patience)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_lines.FirstOrDefault(l => match(l.Message)) is { Message: { } line }) return Task.FromResult(line);
            _waiters.Add((match, seen));
        }
        return seen.Task.WaitAsync(patience);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => Factory.Dispose();

    private void Add(string category, LogLevel level, string message)
    {
        lock (_waiters)
        {
            _lines.Enqueue((category, level, message));
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                waiter.Seen.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(CollectedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(category, logLevel, formatter(state, exception));
    }
}
