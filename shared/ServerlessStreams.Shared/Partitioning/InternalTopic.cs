namespace ServerlessStreams.Partitioning;

/// <summary>
/// The internal topic that carries a repartitioned task's segments, keyed by group key, from where its records
/// arrive to where its windows are applied.
/// </summary>
/// <param name="Task">The windowed task whose segments it carries.</param>
/// <param name="Name"><c>&lt;job&gt;-&lt;task&gt;-repartition</c>.</param>
/// <param name="Partitions">
/// 1 for a task without a group key (its one key has one owner either way); null for as many partitions as the job's
/// other topics have, so its keys spread over as many owners as its records arrive on.
/// </param>
/// <param name="Retention">How long the topic keeps records: the job's <c>dedupeRetention</c>, the time within which it replays exactly.</param>
internal sealed record InternalTopic(string Task, string Name, int? Partitions, TimeSpan Retention);
