using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// The trigger kinds the engine implements: each <see cref="CompiledTrigger"/> subclass marked
/// <see cref="ImplementsTriggerAttribute"/> in this assembly, found once when the type is first used. Each kind's
/// constructor becomes a compiled delegate then, so building a trigger afterwards involves no reflection.
/// </summary>
internal static class TriggerKinds
{
    private static readonly FrozenDictionary<TriggerKind, (Type Type, Func<TriggerSetup, CompiledTrigger> Create)> Kinds =
        Discover(typeof(CompiledTrigger).Assembly.GetTypes());

    /// <summary>The kinds that have an implementation.</summary>
    public static IEnumerable<TriggerKind> Implemented => Kinds.Keys;

    /// <summary>The class that implements <paramref name="kind"/>, or null when none does.</summary>
    public static Type? TypeOf(TriggerKind kind) => Kinds.TryGetValue(kind, out var entry) ? entry.Type : null;

    /// <summary>The trigger of <paramref name="setup"/>'s kind.</summary>
    public static CompiledTrigger Create(in TriggerSetup setup) =>
        Kinds.TryGetValue(setup.Spec.On, out var entry)
            ? entry.Create(setup)
            : throw new ArgumentOutOfRangeException(nameof(setup), setup.Spec.On, $"trigger '{setup.Spec.Id}': no implementation of kind '{setup.Spec.On}'");

    /// <summary>
    /// The kinds implemented among <paramref name="types"/>; refuses a trigger class without the mark, a mark on
    /// anything but a concrete trigger class with a <see cref="TriggerSetup"/> constructor, and a kind implemented twice.
    /// </summary>
    internal static FrozenDictionary<TriggerKind, (Type Type, Func<TriggerSetup, CompiledTrigger> Create)> Discover(IEnumerable<Type> types)
    {
        var kinds = new Dictionary<TriggerKind, (Type Type, Func<TriggerSetup, CompiledTrigger> Create)>();
        foreach (var type in types)
        {
            var mark = type.GetCustomAttribute<ImplementsTriggerAttribute>();
            var isTrigger = typeof(CompiledTrigger).IsAssignableFrom(type) && type.IsClass && !type.IsAbstract;
            if (mark is null)
            {
                if (isTrigger) throw new InvalidOperationException($"trigger class {type.Name} does not say which kind it implements: mark it [ImplementsTrigger(TriggerKind.…)]");
                continue;
            }
            if (!isTrigger) throw new InvalidOperationException($"{type.Name} is marked as implementing trigger kind {mark.Kind} but is not a concrete {nameof(CompiledTrigger)}");
            var constructor = type.GetConstructor([typeof(TriggerSetup)])
                ?? throw new InvalidOperationException($"trigger class {type.Name} needs a public constructor taking a {nameof(TriggerSetup)}");
            if (kinds.TryGetValue(mark.Kind, out var other))
                throw new InvalidOperationException($"trigger kind {mark.Kind} is implemented twice: by {other.Type.Name} and by {type.Name}");
            var setup = Expression.Parameter(typeof(TriggerSetup), "setup");
            var create = Expression.Lambda<Func<TriggerSetup, CompiledTrigger>>(Expression.New(constructor, setup), setup).Compile();
            kinds.Add(mark.Kind, (type, create));
        }
        return kinds.ToFrozenDictionary();
    }
}
