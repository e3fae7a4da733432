namespace HomeIQ.Influx;

/// <summary>Maps a property or field to a line-protocol field. The key defaults to the member's name.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class FieldAttribute : Attribute
{
    /// <summary>Uses the member's name as the field key.</summary>
    public FieldAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the field key (the member's name when <see langword="null"/>).</summary>
    public FieldAttribute(string? name) => Name = name;

    /// <summary>The field key, or <see langword="null"/> to use the member's name.</summary>
    public string? Name { get; }
}
