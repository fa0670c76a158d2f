namespace Outdial.Dialing;

/// <summary>An operator (a person who takes calls) as the dialer knows them.</summary>
public readonly record struct OperatorId(long Value)
{
    public override string ToString() => $"operator {Value}";
}

/// <summary>One contact inside one campaign.</summary>
public readonly record struct RecordId(long Value)
{
    public override string ToString() => $"record {Value}";
}

/// <summary>One call placed by the dialer; unique within one campaign's dialer.</summary>
public readonly record struct CallId(long Value)
{
    public override string ToString() => $"call {Value}";
}

/// <summary>One attempt to handle a record through an operator.</summary>
public readonly record struct SessionId(long Value)
{
    public override string ToString() => $"session {Value}";
}
