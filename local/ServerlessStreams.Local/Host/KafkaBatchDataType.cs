namespace ServerlessStreams.Local.Host;

/// <summary>
/// How a kafkaTrigger batch carries its records, from the binding's <c>dataType</c>: <c>binary</c> binds <c>byte[][]</c>,
/// the records' values as they are; anything else (<c>string</c>) binds <c>string[]</c>, each record as the extension's JSON.
/// </summary>
internal enum KafkaBatchDataType
{
    String,
    Binary,
}
