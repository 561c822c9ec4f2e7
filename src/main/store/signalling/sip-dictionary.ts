// Preset deflate dictionary for signalling blocks: the strings GB28181 traffic repeats most (deflate looks
// back into it, so the most common text goes last). Never edit: stored blocks were compressed with it; a new
// dictionary needs a new codec number in block-codec.ts.
export const SIP_DICTIONARY = [
  'INVITE sip:34020000001310000001@3402000000 SIP/2.0\r\nSubject: 34020000001310000001:0100000001,34020000002000000001:0\r\n',
  'Content-Type: APPLICATION/SDP\r\nv=0\r\no=34020000001310000001 0 0 IN IP4 192.168.1.64\r\ns=Play\r\nc=IN IP4 192.168.1.64\r\nt=0 0\r\n',
  'm=video 30000 RTP/AVP 96 97 98\r\na=recvonly\r\na=sendonly\r\na=rtpmap:96 PS/90000\r\na=rtpmap:98 H264/90000\r\ny=0100000001\r\n',
  'ACK sip:BYE sip:SIP/2.0 100 Trying\r\nSIP/2.0 404 Not Found\r\nSIP/2.0 408 Request Timeout\r\n',
  '<?xml version="1.0" encoding="GB2312"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SumNum>4</SumNum>\r\n<DeviceList Num="1">\r\n',
  '<Item>\r\n<DeviceID>34020000001310000001</DeviceID>\r\n<Name>Camera 01</Name>\r\n<Manufacturer>Hikvision</Manufacturer>\r\n',
  '<Model>IP Camera</Model>\r\n<Owner>Owner</Owner>\r\n<CivilCode>3402000000</CivilCode>\r\n<Address>Address</Address>\r\n',
  '<Parental>0</Parental>\r\n<ParentID>34020000001320000001</ParentID>\r\n<SafetyWay>0</SafetyWay>\r\n<RegisterWay>1</RegisterWay>\r\n',
  '<Secrecy>0</Secrecy>\r\n<Status>ON</Status>\r\n</Item>\r\n</DeviceList>\r\n</Response>\r\n',
  '<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>1</SN>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n</Query>\r\n',
  '<DeviceName>IP CAMERA</DeviceName>\r\n<Result>OK</Result>\r\n<Firmware>V5.5.0</Firmware>\r\n<Channel>1</Channel>\r\n',
  'REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n',
  'Contact: <sip:34020000001320000001@192.168.1.64:5060>\r\nExpires: 3600\r\n',
  'Authorization: Digest username="34020000001320000001", realm="3402000000", nonce="", uri="sip:34020000002000000001@3402000000", response="", algorithm=MD5\r\n',
  'SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="3402000000", nonce="", algorithm=MD5\r\nDate: 2024-08-20T10:00:00.000\r\n',
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.168.1.64:5060;rport=5060;branch=z9hG4bK;received=192.168.1.64\r\n',
  'From: <sip:34020000002000000001@3402000000>;tag=\r\nTo: <sip:34020000001320000001@3402000000>;tag=\r\n',
  'Call-ID: \r\nCSeq: 20 MESSAGE\r\nUser-Agent: GB28181 Console\r\nContent-Length: 0\r\n\r\n',
  'MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK\r\n',
  'From: <sip:34020000001320000001@3402000000>;tag=\r\nTo: <sip:34020000002000000001@3402000000>\r\nCall-ID: \r\nCSeq: 20 MESSAGE\r\n',
  'Content-Type: Application/MANSCDP+xml\r\nMax-Forwards: 70\r\nUser-Agent: IP Camera\r\nContent-Length: 151\r\n\r\n',
  '<?xml version="1.0" encoding="GB2312"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>1</SN>\r\n<DeviceID>34020000001320000001</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n',
].join('');
