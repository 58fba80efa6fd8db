namespace ServerlessStreams.Local.Host;

/// <summary>A kafkaTrigger function with its app-setting references resolved.</summary>
internal sealed record ResolvedKafkaTrigger(string Topic, string BrokerList, string ConsumerGroup, string? Username, string? Password)
{
    public static ResolvedKafkaTrigger Resolve(KafkaTriggerFunction function, AppSettings settings)
    {
        string Place(string property) => $"function '{function.Name}' kafkaTrigger {property}";
        string? Optional(string? value, string property) =>
            value is null ? null : settings.Resolve(value, Place(property)) is { Length: > 0 } resolved ? resolved : null;

        var group = settings.Resolve(function.ConsumerGroup, Place("consumerGroup"));
        if (string.IsNullOrWhiteSpace(group))
        {
            throw new InvalidOperationException($"{Place("consumerGroup")}: the consumer group must not be empty");
        }
        return new ResolvedKafkaTrigger(
            settings.Resolve(function.Topic, Place("topic")),
            settings.Resolve(function.BrokerList, Place("brokerList")),
            group,
            Optional(function.Username, "username"),
            Optional(function.Password, "password"));
    }
}
