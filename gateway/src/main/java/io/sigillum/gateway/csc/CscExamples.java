package io.sigillum.gateway.csc;

/** Request bodies shown in the OpenAPI document for the CSC methods. */
final class CscExamples {

    static final String LIST = """
            {"userID": "demo-user", "credentialInfo": true, "certificates": "chain", "certInfo": true, "authInfo": true}""";
    static final String INFO = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "certificates": "chain", "certInfo": true, "authInfo": true}""";
    static final String CHALLENGE = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "authObjectID": "OTP"}""";
    static final String AUTHORIZE = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "numSignatures": 1,
             "hashes": ["sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI="], "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1",
             "authData": [{"id": "PIN", "value": "12345678"}, {"id": "OTP", "value": "123456"}]}""";
    static final String EXTEND = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "SAD": "JHq0gT6J3QsuwxQWeC_lntCsOm1YrlV9K8eYLMz4OjM",
             "hashes": ["sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI="], "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1"}""";
    static final String SIGN_HASH = """
            {"credentialID": "b864327a-46f2-4a05-9a14-80391dedda83", "SAD": "JHq0gT6J3QsuwxQWeC_lntCsOm1YrlV9K8eYLMz4OjM",
             "hashes": ["sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI="], "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1",
             "signAlgo": "1.2.840.10045.4.3.2"}""";

    private CscExamples() {
    }
}
