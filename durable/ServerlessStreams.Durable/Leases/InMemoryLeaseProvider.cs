namespace ServerlessStreams.Durable.Leases;

/// <summary>The in-process equivalent of blob leases, with expiry taken from a <see cref="TimeProvider"/>.</summary>
internal sealed class InMemoryLeaseProvider(TimeProvider? time = null) : ILeaseProvider
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, (Guid Holder, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_leases.TryGetValue(name, out var held) && held.Expires > now) return Task.FromResult<IAsyncDisposable?>(null);
            var holder = Guid.NewGuid();
            _leases[name] = (holder, now + duration);
            return Task.FromResult<IAsyncDisposable?>(new Release(this, name, holder));
        }
    }

    private sealed class Release(InMemoryLeaseProvider owner, string name, Guid holder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (owner._gate)
            {
                if (owner._leases.TryGetValue(name, out var held) && held.Holder == holder) owner._leases.Remove(name);
            }
            return ValueTask.CompletedTask;
        }
    }
}
