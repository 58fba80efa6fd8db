using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace ServerlessStreams.TestWorker;

/// <summary>The smallest kafkaTrigger the worker SDK describes as the Kafka extension's: batched, bound to string[].</summary>
public sealed class KafkaTriggerAttribute(string brokerList, string topic) : TriggerBindingAttribute, ISupportCardinality
{
    public string BrokerList { get; } = brokerList;

    public string Topic { get; } = topic;

    public string? ConsumerGroup { get; set; }

    public Cardinality Cardinality { get; set; } = Cardinality.One;

    /// <summary>The property the worker SDK reads for cardinality (as the Kafka extension's attribute declares it).</summary>
    public bool IsBatched
    {
        get => Cardinality == Cardinality.Many;
        set => Cardinality = value ? Cardinality.Many : Cardinality.One;
    }
}
