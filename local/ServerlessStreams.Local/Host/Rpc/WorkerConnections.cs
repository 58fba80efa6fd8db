using System.Collections.Concurrent;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>The channels of started workers waiting for their EventStream, by worker id.</summary>
internal sealed class WorkerConnections
{
    private readonly ConcurrentDictionary<string, WorkerChannel> _expected = new(StringComparer.Ordinal);

    public void Expect(WorkerChannel channel) => _expected[channel.WorkerId] = channel;

    public void Forget(WorkerChannel channel) => _expected.TryRemove(new KeyValuePair<string, WorkerChannel>(channel.WorkerId, channel));

    public WorkerChannel? Take(string workerId) => _expected.TryRemove(workerId, out var channel) ? channel : null;
}
