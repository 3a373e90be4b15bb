"""Everything printed, as PDF with ReportLab: loyalty cards, reward vouchers, monthly letters.

Data in (the services' result objects), PDF out (a path, written safely, or a binary stream).
No Qt here and no database: the faces call a service, then one of ``write_cards``,
``write_voucher``, ``write_letters``.
"""
