namespace Outdial.Dialing;

/// <summary>
/// Where the dialer puts the commands of the event it handles, in the order to carry them out.
/// The two commands that every call brings have methods of their own, so that a host that carries
/// them out at once (the simulator, millions of calls a second) need not make an object for each;
/// the rarer ones come as <see cref="DialerCommand"/>s.
/// </summary>
internal interface IDialerOutput
{
    void Originate(CallId call, RecordId record, E164Number to, E164Number? callerId, RingTimeout ringTimeout, OperatorId? operatorLine);

    void ConnectCall(CallId call, OperatorId @operator, SessionId session);

    void Add(DialerCommand command);
}

/// <summary>Every command as an object in a list: what a host of <see cref="CampaignDialer.Handle(DialerEvent, List{DialerCommand})"/> gets.</summary>
internal sealed class DialerCommandList(List<DialerCommand> commands) : IDialerOutput
{
    public List<DialerCommand> Commands { get; set; } = commands;

    public void Originate(CallId call, RecordId record, E164Number to, E164Number? callerId, RingTimeout ringTimeout, OperatorId? operatorLine) =>
        Commands.Add(new Dialing.Originate(call, record, to, callerId, ringTimeout, operatorLine));

    public void ConnectCall(CallId call, OperatorId @operator, SessionId session) => Commands.Add(new Dialing.ConnectCall(call, @operator, session));

    public void Add(DialerCommand command) => Commands.Add(command);
}
