namespace ServerlessStreams.Functions.Hosting;

/// <summary>One Kafka record header. Equality compares the bytes, so records compare by content.</summary>
internal sealed class KafkaHeader : IEquatable<KafkaHeader>
{
    public KafkaHeader(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Key = key;
        Value = value;
    }

    public string Key { get; }

    public byte[] Value { get; }

    public bool Equals(KafkaHeader? other) =>
        other is not null && Key == other.Key && Value.AsSpan().SequenceEqual(other.Value);

    public override bool Equals(object? obj) => Equals(obj as KafkaHeader);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key);
        hash.AddBytes(Value);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{Key}={Convert.ToBase64String(Value)}";
}
