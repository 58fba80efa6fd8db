using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// A kafkaTrigger binding, declared as the official <c>Microsoft.Azure.Functions.Worker.KafkaTriggerAttribute</c>
/// declares it (type name, constructor parameters, property names, <see cref="ISupportCardinality"/>), so the worker
/// SDK writes the same binding JSON for it. The official package is not used: the app binds batches as
/// <c>byte[][]</c> and needs none of its converters. Only the connection properties the app uses are here; secrets are
/// <c>%AppSetting%</c> references, never literals.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class KafkaTriggerAttribute(string brokerList, string topic) : TriggerBindingAttribute, ISupportCardinality
{
    public string BrokerList { get; } = brokerList;

    public string Topic { get; } = topic;

    public string? ConsumerGroup { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public BrokerProtocol Protocol { get; set; } = BrokerProtocol.NotSet;

    public BrokerAuthenticationMode AuthenticationMode { get; set; } = BrokerAuthenticationMode.NotSet;

    /// <summary>The consumer lag per instance at which the scale controller adds instances (the extension's default).</summary>
    public long LagThreshold { get; set; } = 1000;

    [DefaultValue(false)]
    public bool IsBatched { get; set; }

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
