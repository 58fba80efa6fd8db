using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// Marks a <see cref="CompiledTrigger"/> subclass as the implementation of <see cref="Kind"/>; <see cref="TriggerKinds"/>
/// finds it by this mark, so a kind is added by its own file alone. The class needs a constructor taking a
/// <see cref="TriggerSetup"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ImplementsTriggerAttribute(TriggerKind kind) : Attribute
{
    public TriggerKind Kind { get; } = kind;
}
