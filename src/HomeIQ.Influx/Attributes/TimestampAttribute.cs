namespace HomeIQ.Influx;

/// <summary>
/// Marks the member that holds the point's time: a <see cref="DateTime"/> (UTC; <see cref="DateTimeKind.Local"/> is
/// converted, <see cref="DateTimeKind.Unspecified"/> is taken as UTC), a <see cref="DateTimeOffset"/>, a <see cref="long"/>
/// already in the write precision, or a nullable of these (<see langword="null"/> lets the server stamp the point).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class TimestampAttribute : Attribute
{
}
