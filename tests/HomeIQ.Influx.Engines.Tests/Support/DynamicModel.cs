using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Engines.Tests.Support;

/// <summary>
/// A queryable measurement whose schema (measurement name, tag and field keys) is chosen at run time, so the injection
/// tests can put hostile text where a generated model has its attribute names. <see cref="Use"/> sets it for the
/// current async flow only, so tests in parallel do not see each other's schema.
/// </summary>
public sealed class DynamicModel : IQueryableMeasurement<DynamicModel>
{
    private static readonly AsyncLocal<MeasurementSchema?> s_schema = new();

    /// <inheritdoc/>
    public static MeasurementSchema QuerySchema => s_schema.Value ?? throw new InvalidOperationException("Call DynamicModel.Use first.");

    /// <summary>Rows are never read: the tests only build query texts.</summary>
    public static DynamicModel ReadRow(in QueryRow row) => throw new NotSupportedException();

    /// <summary>Makes <paramref name="schema"/> the schema of this flow.</summary>
    public static void Use(MeasurementSchema schema) => s_schema.Value = schema;
}
