using Microsoft.Extensions.Time.Testing;
using ServerlessStreams.Functions.Dashboard;

namespace ServerlessStreams.Functions.Tests.Dashboard;

/// <summary>A reading for a page that polls: bounded waits, one read at a time, the last value kept. Time is fake.</summary>
public sealed class CachedReadingTests
{
    private static readonly CachedReadingOptions Options = new()
    {
        MaxAge = TimeSpan.FromSeconds(2),
        Wait = TimeSpan.FromMilliseconds(250),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero));
    private readonly Source _source = new();

    private CachedReading<int> Reading() => new(_source.ReadAsync, Options, _clock);

    [Fact]
    public async Task A_value_younger_than_the_max_age_is_served_without_reading_again()
    {
        var reading = Reading();
        _source.Next(1);
        var first = await reading.GetAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1.9));

        var second = await reading.GetAsync(CancellationToken.None);

        Assert.Equal((1, _clock.Start), (first.Value, first.At));
        Assert.Same(first, second);
        Assert.Equal(1, _source.Reads);
    }

    [Fact]
    public async Task An_older_value_is_read_again()
    {
        var reading = Reading();
        _source.Next(1);
        await reading.GetAsync(CancellationToken.None);
        _clock.Advance(Options.MaxAge);
        _source.Next(2);

        var again = await reading.GetAsync(CancellationToken.None);

        Assert.Equal((2, _clock.GetUtcNow()), (again.Value, again.At));
        Assert.Equal(2, _source.Reads);
    }

    [Fact]
    public async Task A_slow_read_makes_the_caller_wait_at_most_the_wait_and_then_serves_the_last_value()
    {
        var reading = Reading();
        _source.Next(1);
        await reading.GetAsync(CancellationToken.None);
        _clock.Advance(Options.MaxAge);
        var slow = _source.Pending();

        var waiting = reading.GetAsync(CancellationToken.None);
        await _source.Started;
        Assert.False(waiting.IsCompleted);
        _clock.Advance(Options.Wait);
        var stale = await waiting;
        var joining = reading.GetAsync(CancellationToken.None); // joins the read under way rather than starting another
        _clock.Advance(Options.Wait);
        var meanwhile = await joining;
        slow.SetResult(2);
        var fresh = await WhenReadAsync(reading, 2);

        Assert.Equal((1, _clock.Start), (stale.Value, stale.At));
        Assert.Equal(1, meanwhile.Value);
        Assert.Equal(2, fresh.Value);
        Assert.Equal(2, _source.Reads);
    }

    [Fact]
    public async Task Before_a_first_value_a_slow_read_leaves_the_value_unknown()
    {
        var reading = Reading();
        _source.Pending();

        var waiting = reading.GetAsync(CancellationToken.None);
        await _source.Started;
        _clock.Advance(Options.Wait);
        var unknown = await waiting;

        Assert.Equal((0, (DateTimeOffset?)null, (string?)null), (unknown.Value, unknown.At, unknown.Error));
    }

    [Fact]
    public async Task A_read_that_never_answers_fails_after_the_timeout_and_the_next_caller_reads_again()
    {
        var reading = Reading();
        _source.Pending();
        var waiting = reading.GetAsync(CancellationToken.None);
        await _source.Started;
        _clock.Advance(Options.Wait);
        await waiting;

        _clock.Advance(Options.Timeout);
        var failed = await WhenFailedAsync(reading);
        _clock.Advance(Options.MaxAge);
        _source.Next(3);
        var recovered = await reading.GetAsync(CancellationToken.None);

        Assert.Equal("no answer within 10 s", failed.Error);
        Assert.Equal(3, recovered.Value);
        Assert.Null(recovered.Error);
        Assert.Equal(2, _source.Reads);
    }

    [Fact]
    public async Task A_failed_read_keeps_the_last_value_names_the_error_and_is_not_retried_before_the_max_age()
    {
        var reading = Reading();
        _source.Next(1);
        await reading.GetAsync(CancellationToken.None);
        _clock.Advance(Options.MaxAge);
        _source.Fail(new InvalidOperationException("the broker knows no topic 'votes'"));

        var failed = await reading.GetAsync(CancellationToken.None);
        var again = await reading.GetAsync(CancellationToken.None);

        Assert.Equal((1, _clock.Start, "the broker knows no topic 'votes'"), (failed.Value, failed.At, failed.Error));
        Assert.Same(failed, again);
        Assert.Equal(2, _source.Reads);
    }

    /// <summary>Reads again (the clock stands still) until the reading's value is <paramref name="value"/>; the read completes on another thread.</summary>
    private static async Task<Reading<int>> WhenReadAsync(CachedReading<int> reading, int value)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var current = await reading.GetAsync(limit.Token);
            if (current.Value == value) return current;
            await Task.Delay(10, limit.Token);
        }
    }

    private static async Task<Reading<int>> WhenFailedAsync(CachedReading<int> reading)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var current = await reading.GetAsync(limit.Token);
            if (current.Error is not null) return current;
            await Task.Delay(10, limit.Token);
        }
    }

    /// <summary>A source whose next read answers a value, fails, or waits for the test; it signals when a read starts.</summary>
    private sealed class Source
    {
        private Func<CancellationToken, Task<int>> _next = _ => Task.FromResult(0);
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads { get; private set; }

        public Task Started => _started.Task;

        public void Next(int value) => _next = _ => Task.FromResult(value);

        public void Fail(Exception error) => _next = _ => Task.FromException<int>(error);

        public TaskCompletionSource<int> Pending()
        {
            var pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _next = ct =>
            {
                ct.Register(() => pending.TrySetCanceled(ct));
                return pending.Task;
            };
            return pending;
        }

        public Task<int> ReadAsync(CancellationToken ct)
        {
            Reads++;
            var read = _next(ct);
            _started.TrySetResult();
            return read;
        }
    }
}
