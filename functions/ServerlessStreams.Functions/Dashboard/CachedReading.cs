namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// A value read from a slow or remote source (the broker, the progress table) for a page that polls every second:
/// read again at most every <see cref="CachedReadingOptions.MaxAge"/>, one read at a time, and waited for at most
/// <see cref="CachedReadingOptions.Wait"/>. A read that takes longer goes on in the background and the caller gets the
/// last value with the time it was read; a read that outlasts <see cref="CachedReadingOptions.Timeout"/> counts as
/// failed, so a hung source never stops later reads. Thread-safe.
/// </summary>
internal sealed class CachedReading<T>(Func<CancellationToken, Task<T>> read, CachedReadingOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Reading<T> _last = Reading<T>.None;
    private Task? _inFlight;

    public async Task<Reading<T>> GetAsync(CancellationToken ct)
    {
        Task refresh;
        lock (_gate)
        {
            if (_last.ReadAt is { } at && time.GetUtcNow() - at < options.MaxAge) return _last;
            refresh = _inFlight ??= RefreshAsync();
        }
        try
        {
            await refresh.WaitAsync(options.Wait, time, ct);
        }
        catch (TimeoutException)
        {
            // The read goes on; this caller shows what is known.
        }
        lock (_gate) return _last;
    }

    private async Task RefreshAsync()
    {
        await Task.Yield();
        Reading<T> next;
        try
        {
            using var timeout = new CancellationTokenSource(options.Timeout, time);
            var value = await read(timeout.Token).WaitAsync(timeout.Token);
            next = new Reading<T>(value, time.GetUtcNow(), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var error = e is TimeoutException or OperationCanceledException
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {options.Timeout.TotalSeconds:0.#} s")
                : e.Message;
            next = _last with { Error = error, FailedAt = time.GetUtcNow() };
        }
        lock (_gate)
        {
            _last = next;
            _inFlight = null;
        }
    }
}

/// <summary>How often a <see cref="CachedReading{T}"/> reads, and how long its callers and its reads may wait.</summary>
internal sealed record CachedReadingOptions
{
    /// <summary>A value younger than this is served without reading.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a caller waits for a read under way.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A read taking longer fails (and the next caller starts another).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The last value read (default before the first success) and when, and the last failure's message when the most
/// recent read failed (null once a read succeeds again).
/// </summary>
internal sealed record Reading<T>(T? Value, DateTimeOffset? At, string? Error)
{
    public static readonly Reading<T> None = new(default, null, null);

    /// <summary>When the last read failed, if the most recent read did.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>When the source was last read, successfully or not.</summary>
    public DateTimeOffset? ReadAt => FailedAt ?? At;
}
