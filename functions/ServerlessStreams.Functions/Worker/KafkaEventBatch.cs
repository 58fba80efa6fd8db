using System.Buffers;
using System.Text;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// A kafkaTrigger batch as the Kafka extension binds <c>cardinality: many, dataType: string</c> for an isolated worker:
/// one string per record, each the extension's JSON of the record (<c>Offset, Partition, Topic, Timestamp, Key,
/// Value, Headers</c>). The extension's exact form is read straight from UTF-8 (<see cref="KafkaEventObjectReader"/>);
/// anything else goes through <see cref="KafkaEventJson"/>, which accepts other spellings of the same record and words
/// the error when there is none.
/// </summary>
public static class KafkaEventBatch
{
    /// <exception cref="MalformedKafkaEventException">An element is not a Kafka record's JSON; names its index.</exception>
    public static IReadOnlyList<KafkaEventRecord> Decode(IReadOnlyList<string?> events, string bindingName = JobFunctionCatalog.KafkaEventsParameter)
    {
        ArgumentNullException.ThrowIfNull(events);
        var records = new KafkaEventRecord[events.Count];
        var longest = 0;
        foreach (var text in events) longest = Math.Max(longest, text is null ? 0 : Encoding.UTF8.GetMaxByteCount(text.Length));
        var utf8 = ArrayPool<byte>.Shared.Rent(Math.Max(longest, 1));
        var context = new EventReadContext();
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                var text = events[i];
                if (text is null) throw new MalformedKafkaEventException(bindingName, i, "is null, not a Kafka record's JSON");
                var length = Encoding.UTF8.GetBytes(text, utf8);
                records[i] = KafkaEventObjectReader.TryRead(utf8.AsSpan(0, length), context) ?? KafkaEventJson.Read(text, bindingName, i);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
        return records;
    }
}
