using ServerlessStreams.Durable.Storage;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>
/// Finds the entities of a task with a trigger due: a timer due at or before <c>now</c>, or a watermark trigger due
/// at or below <c>watermark</c>. The due times are typed properties of each entity's meta row, written in the same
/// transaction as the state they come from, so the index is never behind the state.
/// </summary>
internal interface IDueEntityIndex
{
    IAsyncEnumerable<EntityKey> DueAsync(string job, string task, double now, double? watermark, CancellationToken ct);
}
