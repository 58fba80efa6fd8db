namespace ServerlessStreams.Functions.Kafka;

/// <summary>Where Kafka stored a record it acknowledged.</summary>
internal readonly record struct DeliveredRecord(string Topic, int Partition, long Offset);
