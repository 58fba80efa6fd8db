using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace ServerlessStreams.Local.Kafka;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster, which speaks the real Kafka
/// protocol on loopback ports, so Confluent clients, kcat and the Functions host's Kafka
/// extension all talk to it as to a broker. Records live in memory and vanish on dispose.
/// Create topics up front with <see cref="CreateTopic"/>: a producer asking for an unknown
/// topic would otherwise get one auto-created with the mock's default partition count.
/// Thread-safe; any number of clusters may run in one process, at once or one after another.
/// </summary>
internal sealed class EmbeddedKafka : IDisposable, IAsyncDisposable
{
    /// <summary>The largest cluster the embedded broker starts; more brokers only cost ports and threads.</summary>
    public const int MaxBrokers = 9;

    /// <summary>
    /// How long a new consumer group waits for more members before its first assignment.
    /// Kafka's default is 3 s; a short wait keeps local start-up quick while still letting
    /// consumers that start together share the first assignment.
    /// </summary>
    public static readonly TimeSpan InitialRebalanceDelay = TimeSpan.FromMilliseconds(200);

    private readonly Lock gate = new();
    private readonly Dictionary<string, int> topics = new(StringComparer.Ordinal);
    private readonly MockClusterNative native;
    private IntPtr handle;
    private IntPtr cluster;

    private EmbeddedKafka(MockClusterNative native, IntPtr handle, IntPtr cluster, int brokers, string bootstrapServers)
    {
        this.native = native;
        this.handle = handle;
        this.cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> addresses of the brokers.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>The topics created through <see cref="CreateTopic"/>, with their partition counts.</summary>
    public IReadOnlyDictionary<string, int> Topics
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, int>(topics, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers listening on free loopback ports.</summary>
    public static EmbeddedKafka Start(int brokers = 1)
    {
        if (brokers is < 1 or > MaxBrokers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(brokers), brokers, $"an embedded Kafka cluster has between 1 and {MaxBrokers} brokers");
        }

        var native = MockClusterNative.Instance;
        var handle = CreateHostHandle(native);
        var cluster = native.ClusterNew(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            native.Destroy(handle);
            throw new InvalidOperationException(
                $"librdkafka could not start a mock Kafka cluster of {brokers} broker(s) (no free loopback port, or out of threads).");
        }

        native.GroupInitialRebalanceDelayMs(cluster, (int)InitialRebalanceDelay.TotalMilliseconds);
        var bootstrap = Marshal.PtrToStringUTF8(native.ClusterBootstraps(cluster));
        if (string.IsNullOrEmpty(bootstrap))
        {
            native.ClusterDestroy(cluster);
            native.Destroy(handle);
            throw new InvalidOperationException("librdkafka started a mock Kafka cluster but reported no bootstrap address.");
        }

        return new EmbeddedKafka(native, handle, cluster, brokers, bootstrap);
    }

    /// <summary>
    /// Creates <paramref name="name"/> with <paramref name="partitions"/> partitions, replicated on
    /// up to three brokers. Creating a topic that exists is an error, so two tests never share one by accident.
    /// </summary>
    public void CreateTopic(string name, int partitions)
    {
        KafkaTopicName.Check(name, nameof(name));
        if (partitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"topic '{name}' needs at least one partition");
        }

        lock (gate)
        {
            var liveCluster = LiveCluster();
            var error = native.TopicCreate(liveCluster, name, partitions, Math.Min(BrokerCount, 3));
            if (error != (int)ErrorCode.NoError)
            {
                var existing = topics.TryGetValue(name, out var count) ? $" (created earlier with {count} partitions)" : string.Empty;
                throw new InvalidOperationException(
                    $"The embedded Kafka at {BootstrapServers} could not create topic '{name}' with {partitions} partitions: " +
                    $"{native.ErrorText(error)}{existing}.");
            }

            topics[name] = partitions;
        }
    }

    /// <summary>Makes the next requests of one kind fail with the given errors, in order (fault injection for tests).</summary>
    internal void InjectRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        lock (gate)
        {
            var codes = errors.Select(e => (int)e).ToArray();
            native.PushRequestErrorsArray(LiveCluster(), apiKey, (UIntPtr)codes.Length, codes);
        }
    }

    /// <summary>Starts recording the API keys of the requests the brokers receive.</summary>
    internal void StartRequestTracking()
    {
        lock (gate)
        {
            native.StartRequestTracking(LiveCluster());
        }
    }

    /// <summary>The API keys of the requests received since tracking started, oldest first.</summary>
    internal IReadOnlyList<short> TrackedRequestApiKeys()
    {
        lock (gate)
        {
            var requests = native.GetRequests(LiveCluster(), out var count);
            try
            {
                var keys = new short[(int)count];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = native.RequestApiKey(Marshal.ReadIntPtr(requests, i * IntPtr.Size));
                }

                return keys;
            }
            finally
            {
                if (requests != IntPtr.Zero)
                {
                    native.RequestDestroyArray(requests, count);
                }
            }
        }
    }

    /// <summary>Stops the brokers; clients still connected see their connections close.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (cluster == IntPtr.Zero)
            {
                return;
            }

            native.ClusterDestroy(cluster);
            native.Destroy(handle);
            cluster = IntPtr.Zero;
            handle = IntPtr.Zero;
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"embedded Kafka ({BrokerCount} broker(s)) at {BootstrapServers}";

    private IntPtr LiveCluster() =>
        cluster != IntPtr.Zero ? cluster : throw new ObjectDisposedException(nameof(EmbeddedKafka), $"{this} has been stopped.");

    /// <summary>The mock cluster runs inside a client handle; a quiet producer handle that never sends anything.</summary>
    private static IntPtr CreateHostHandle(MockClusterNative native)
    {
        var errors = new byte[MockClusterNative.ErrorStringSize];
        var conf = native.ConfNew();
        Set("client.id", "serverlessstreams-embedded-kafka");
        // Warnings and above only: the mock cluster logs every connection at informational level.
        Set("log_level", "4");

        var handle = native.New(MockClusterNative.ProducerType, conf, errors, (UIntPtr)errors.Length);
        if (handle == IntPtr.Zero)
        {
            // rd_kafka_new takes the configuration only when it succeeds.
            native.ConfDestroy(conf);
            throw new InvalidOperationException(
                $"librdkafka could not create the handle that hosts the mock cluster: {MockClusterNative.ReadErrorString(errors)}");
        }

        return handle;

        void Set(string name, string value)
        {
            if (native.ConfSet(conf, name, value, errors, (UIntPtr)errors.Length) != MockClusterNative.ConfOk)
            {
                native.ConfDestroy(conf);
                throw new InvalidOperationException(
                    $"librdkafka rejected '{name}={value}' for the mock cluster's handle: {MockClusterNative.ReadErrorString(errors)}");
            }
        }
    }
}
