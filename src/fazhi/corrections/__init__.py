"""Community corrections (社区矫正) and resettlement of released prisoners (安置帮教).

This app holds the most sensitive personal data in the platform: every identifying field is
encrypted at rest, masked by default, revealed only for a stated purpose and audited (PIPL arts.
28–31; 社区矫正法 art. 4 and art. 54 for minors).
"""
