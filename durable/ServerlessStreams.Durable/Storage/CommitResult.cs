namespace ServerlessStreams.Durable.Storage;

/// <summary>
/// What a commit did: the meta row's new ETag (condition the next commit of a chunked apply on it, no reload
/// needed), and how many transactions, rows written and rows deleted it took.
/// </summary>
internal sealed record CommitResult(string MetaETag, int Transactions, int RowsWritten, int RowsDeleted);
