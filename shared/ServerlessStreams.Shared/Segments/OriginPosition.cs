namespace ServerlessStreams.Segments;

/// <summary>
/// Where a segment stands in its origin partition: the offset of the record it derives from, and its index among the
/// segments that record made for one task. Positions order a partition's segments as its records are ordered, which
/// is what a window entity's high-water mark compares.
/// </summary>
internal readonly record struct OriginPosition(long Offset, int Index) : IComparable<OriginPosition>
{
    public int CompareTo(OriginPosition other) => Offset != other.Offset ? Offset.CompareTo(other.Offset) : Index.CompareTo(other.Index);

    public static bool operator <(OriginPosition left, OriginPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(OriginPosition left, OriginPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(OriginPosition left, OriginPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(OriginPosition left, OriginPosition right) => left.CompareTo(right) >= 0;

    public static OriginPosition Max(OriginPosition left, OriginPosition right) => left >= right ? left : right;

    public override string ToString() => Index == 0 ? $"{Offset}" : $"{Offset}#{Index}";
}
