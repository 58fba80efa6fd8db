using System.Runtime.InteropServices;

namespace ServerlessStreams.Local.Kafka;

/// <summary>
/// The few librdkafka entry points the embedded broker needs: a client handle for the mock cluster
/// to live in, and the mock cluster API from <c>rdkafka_mock.h</c>. Bound lazily through
/// <see cref="LibrdkafkaLocator"/> so nothing native is touched until a cluster is started.
/// </summary>
internal sealed class MockClusterNative
{
    public const int ProducerType = 0;
    public const int ConfOk = 0;
    public const int ErrorStringSize = 512;

    private static readonly Lazy<MockClusterNative> Bound = new(() => new MockClusterNative(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static MockClusterNative Instance => Bound.Value;

    private MockClusterNative()
    {
        ConfNew = Bind<ConfNewFn>("rd_kafka_conf_new");
        ConfSet = Bind<ConfSetFn>("rd_kafka_conf_set");
        ConfDestroy = Bind<ConfDestroyFn>("rd_kafka_conf_destroy");
        New = Bind<NewFn>("rd_kafka_new");
        Destroy = Bind<DestroyFn>("rd_kafka_destroy");
        Err2Str = Bind<Err2StrFn>("rd_kafka_err2str");
        ClusterNew = Bind<ClusterNewFn>("rd_kafka_mock_cluster_new");
        ClusterBootstraps = Bind<ClusterBootstrapsFn>("rd_kafka_mock_cluster_bootstraps");
        ClusterDestroy = Bind<ClusterDestroyFn>("rd_kafka_mock_cluster_destroy");
        TopicCreate = Bind<TopicCreateFn>("rd_kafka_mock_topic_create");
        GroupInitialRebalanceDelayMs = Bind<GroupInitialRebalanceDelayFn>("rd_kafka_mock_group_initial_rebalance_delay_ms");
        PushRequestErrorsArray = Bind<PushRequestErrorsArrayFn>("rd_kafka_mock_push_request_errors_array");
        StartRequestTracking = Bind<RequestTrackingFn>("rd_kafka_mock_start_request_tracking");
        StopRequestTracking = Bind<RequestTrackingFn>("rd_kafka_mock_stop_request_tracking");
        GetRequests = Bind<GetRequestsFn>("rd_kafka_mock_get_requests");
        RequestApiKey = Bind<RequestApiKeyFn>("rd_kafka_mock_request_api_key");
        RequestDestroyArray = Bind<RequestDestroyArrayFn>("rd_kafka_mock_request_destroy_array");
        BrokerSetDown = Bind<BrokerStateFn>("rd_kafka_mock_broker_set_down");
        BrokerSetUp = Bind<BrokerStateFn>("rd_kafka_mock_broker_set_up");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ConfNewFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int ConfSetFn(
        IntPtr conf,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
        byte[] errstr,
        UIntPtr errstrSize);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ConfDestroyFn(IntPtr conf);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr NewFn(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void DestroyFn(IntPtr handle);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr Err2StrFn(int error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ClusterNewFn(IntPtr handle, int brokerCount);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr ClusterBootstrapsFn(IntPtr cluster);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ClusterDestroyFn(IntPtr cluster);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TopicCreateFn(
        IntPtr cluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partitionCount,
        int replicationFactor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void GroupInitialRebalanceDelayFn(IntPtr cluster, int delayMs);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void PushRequestErrorsArrayFn(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void RequestTrackingFn(IntPtr cluster);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr GetRequestsFn(IntPtr cluster, out UIntPtr count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate short RequestApiKeyFn(IntPtr request);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void RequestDestroyArrayFn(IntPtr requests, UIntPtr count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int BrokerStateFn(IntPtr cluster, int brokerId);

    public ConfNewFn ConfNew { get; }
    public ConfSetFn ConfSet { get; }
    public ConfDestroyFn ConfDestroy { get; }
    public NewFn New { get; }
    public DestroyFn Destroy { get; }
    public Err2StrFn Err2Str { get; }
    public ClusterNewFn ClusterNew { get; }
    public ClusterBootstrapsFn ClusterBootstraps { get; }
    public ClusterDestroyFn ClusterDestroy { get; }
    public TopicCreateFn TopicCreate { get; }
    public GroupInitialRebalanceDelayFn GroupInitialRebalanceDelayMs { get; }
    public PushRequestErrorsArrayFn PushRequestErrorsArray { get; }
    public RequestTrackingFn StartRequestTracking { get; }
    public RequestTrackingFn StopRequestTracking { get; }
    public GetRequestsFn GetRequests { get; }
    public RequestApiKeyFn RequestApiKey { get; }
    public RequestDestroyArrayFn RequestDestroyArray { get; }
    public BrokerStateFn BrokerSetDown { get; }
    public BrokerStateFn BrokerSetUp { get; }

    public string ErrorText(int error) => Marshal.PtrToStringUTF8(Err2Str(error)) ?? $"error {error}";

    public static string ReadErrorString(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    private static T Bind<T>(string name)
        where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(LibrdkafkaLocator.Export(name));
}
