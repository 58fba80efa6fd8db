using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Context.Features;
using Microsoft.Azure.Functions.Worker.Definition;

namespace ServerlessStreams.Functions.Tests.Worker;

/// <summary>An invocation of one function by name, with the binding data the host would send.</summary>
internal sealed class FakeFunctionContext(string functionName, IReadOnlyDictionary<string, object?>? bindingData = null) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId => FunctionDefinition.Id;
    public override TraceContext TraceContext => throw new NotSupportedException();
    public override BindingContext BindingContext { get; } = new FakeBindingContext(bindingData ?? new Dictionary<string, object?>());
    public override RetryContext RetryContext => throw new NotSupportedException();
    public override IServiceProvider InstanceServices { get; set; } = EmptyServices.Instance;
    public override FunctionDefinition FunctionDefinition { get; } = new FakeFunctionDefinition(functionName);
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class FakeBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class FakeFunctionDefinition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => typeof(Functions.Worker.JobFunctions).Assembly.Location;
        public override string EntryPoint => "";
        public override string Id => name;
        public override string Name => name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
