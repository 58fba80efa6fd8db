namespace ServerlessStreams.Durable.Storage.Keys;

/// <summary>An extent row key taken apart: the window it belongs to and the extent's id.</summary>
internal readonly record struct ExtentRowKey(string WindowId, long ExtentId)
{
    public override string ToString() => RowKeys.Extent(WindowId, ExtentId);
}
