using System.Collections;
using System.Runtime.CompilerServices;

namespace ServerlessStreams;

/// <summary>Builds <see cref="EquatableArray{T}"/> from collection expressions.</summary>
public static class EquatableArray
{
    /// <summary>An array of <paramref name="items"/>.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}

/// <summary>An immutable list with value equality, so records that hold lists compare by content.</summary>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>An array of <paramref name="items"/>, copied.</summary>
    public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    /// <summary>The empty array.</summary>
    public static EquatableArray<T> Empty => new([]);

    /// <inheritdoc/>
    public int Count => _items?.Length ?? 0;

    /// <inheritdoc/>
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    /// <summary>Whether both hold equal items in the same order.</summary>
    public bool Equals(EquatableArray<T> other) =>
        AsSpan().Length == other.AsSpan().Length &&
        Enumerable.SequenceEqual(_items ?? [], other._items ?? [], EqualityComparer<T>.Default);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items ?? []) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both hold equal items in the same order.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Whether the items differ.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>An array of <paramref name="items"/>, copied.</summary>
    public static implicit operator EquatableArray<T>(T[] items) => new(items);

    /// <summary>An array of <paramref name="items"/>, copied.</summary>
    public static implicit operator EquatableArray<T>(List<T> items) => new(items);

    /// <inheritdoc/>
    public override string ToString() => "[" + string.Join(", ", _items ?? []) + "]";
}
