using Outdial.Telephony.Sip.Messages;
using Outdial.Telephony.Sip.Transport;

namespace Outdial.Telephony.Sip.Dialogs;

/// <summary>
/// A dialog (RFC 3261 §12) as the UAC sees it: Call-ID and both tags, our CSeq, the remote target
/// and route set from the 2xx. It builds the requests sent inside it, including the 2xx's ACK.
/// </summary>
internal sealed class SipDialog
{
    private SipDialog(string callId, SipNameAddress local, SipNameAddress remote, uint localCSeq, SipUri remoteTarget,
        IReadOnlyList<SipNameAddress> routeSet, SipEndPoint destination)
    {
        CallId = callId;
        Local = local;
        Remote = remote;
        LocalCSeq = localCSeq;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        Destination = destination;
    }

    public string CallId { get; }

    /// <summary>Our From (with our tag).</summary>
    public SipNameAddress Local { get; }

    /// <summary>Their To (with their tag).</summary>
    public SipNameAddress Remote { get; }

    public uint LocalCSeq { get; private set; }

    public uint? RemoteCSeq { get; private set; }

    public SipUri RemoteTarget { get; }

    public IReadOnlyList<SipNameAddress> RouteSet { get; }

    /// <summary>Where requests inside the dialog go: the first loose route, else the remote target (§12.2.1.1).</summary>
    public SipEndPoint Destination { get; }

    public string? RemoteTag => Remote.Tag;

    /// <summary>The dialog a 2xx to <paramref name="invite"/> creates (§12.1.2): route set is Record-Route reversed.</summary>
    public static SipDialog FromAnswer(SipRequest invite, SipResponse answer, SipEndPoint inviteDestination)
    {
        var routeSet = new List<SipNameAddress>();
        foreach (var value in answer.HeaderList(SipHeaderNames.RecordRoute))
        {
            if (SipNameAddress.TryParse(value, out var route))
            {
                routeSet.Add(route);
            }
        }

        routeSet.Reverse();
        var remoteTarget = answer.Contact?.Uri ?? invite.RequestUri;
        var next = routeSet.Count > 0 ? routeSet[0].Uri : remoteTarget;
        var destination = SipEndPoint.TryResolve(next, out var resolved)
            ? (next.Transport is null ? resolved with { Transport = inviteDestination.Transport } : resolved)
            : inviteDestination;
        return new SipDialog(invite.CallId, invite.From, answer.To, invite.CSeq.Number, remoteTarget, routeSet, destination);
    }

    /// <summary>True when <paramref name="request"/> was sent inside this dialog by the far end.</summary>
    public bool Matches(SipMessage request) =>
        request.CallId == CallId && request.To.Tag == Local.Tag && request.From.Tag == Remote.Tag;

    /// <summary>§12.2.2: a remote CSeq lower than the last one is out of order.</summary>
    public bool AcceptRemoteCSeq(uint number)
    {
        if (RemoteCSeq is { } last && number < last)
        {
            return false;
        }

        RemoteCSeq = number;
        return true;
    }

    /// <summary>A new request in the dialog with the next CSeq (BYE, re-INVITE …).</summary>
    public SipRequest NewRequest(string method, SipVia via)
    {
        LocalCSeq++;
        return Request(method, via, LocalCSeq);
    }

    /// <summary>The ACK of the 2xx to the INVITE with <paramref name="inviteCSeq"/> (§13.2.2.4): its own branch, the INVITE's CSeq number.</summary>
    public SipRequest Ack(uint inviteCSeq, SipVia via, string? sdp)
    {
        var ack = Request(SipMethods.Ack, via, inviteCSeq);
        ack.SetBody(SdpSession.ContentType, sdp);
        return ack;
    }

    private SipRequest Request(string method, SipVia via, uint cseq)
    {
        var request = new SipRequest
        {
            Method = method,
            RequestUri = RemoteTarget,
            Vias = [via],
            MaxForwards = 70,
            From = Local,
            To = Remote,
            CallId = CallId,
            CSeq = new SipCSeq(cseq, method),
        };
        foreach (var route in RouteSet)
        {
            request.Headers.Add(new SipHeader(SipHeaderNames.Route, route.ToString()));
        }

        return request;
    }
}
