<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ContactEditDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="140"/>
        <source>新增村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="140"/>
        <source>编辑村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="149"/>
        <source>未填</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="153"/>
        <source>手机如 13812345678，座机如 0431-84561234</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="155"/>
        <source>本人没有电话时，可填家属的电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="157"/>
        <source>关系，如 儿子</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="163"/>
        <source>（不属于任何网格）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="168"/>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="362"/>
        <source>显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="169"/>
        <source>显示完整的身份证号码（敏感信息）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="178"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="179"/>
        <source>性别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="180"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="182"/>
        <source>代联系人电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="186"/>
        <source>村民小组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="187"/>
        <source>网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="188"/>
        <source>住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="189"/>
        <source>身份证号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="190"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="199"/>
        <source>重点人群（敏感信息，仅在此处显示）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="206"/>
        <source>同意情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="208"/>
        <source>同意联系（电话、上门）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="210"/>
        <source>同意处理敏感信息（重点人群等）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="212"/>
        <source>监护人同意（14 岁以下儿童）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="220"/>
        <source>需求记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="223"/>
        <source>登记日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="223"/>
        <source>需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="223"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="225"/>
        <source>双击查看需求详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="235"/>
        <source>这位村民还没有登记过需求。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="243"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="246"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="338"/>
        <source>需求记录（{0} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="356"/>
        <source>隐藏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="451"/>
        <source>有未保存的修改。要放弃这些修改吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="455"/>
        <source>放弃修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_edit_dialog.py" line="456"/>
        <source>继续编辑</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactGridDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="163"/>
        <source>网格管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="166"/>
        <source>网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="166"/>
        <source>网格长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="173"/>
        <source>新增网格…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="174"/>
        <source>改名…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="175"/>
        <source>设置网格长…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="204"/>
        <source>（未设置）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="226"/>
        <source>已新增网格“{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="232"/>
        <source>已改名为“{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="237"/>
        <source>已设置网格长</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="241"/>
        <source>新增网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="241"/>
        <source>网格名称：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="250"/>
        <source>网格改名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="250"/>
        <source>新的名称：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="259"/>
        <source>选择“{0}”的网格长</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactImportDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="168"/>
        <source>导入花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="180"/>
        <source>上一步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="181"/>
        <source>下一步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="182"/>
        <source>导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="183"/>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="319"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="208"/>
        <source>选择村里的村民花名册（Excel .xlsx、WPS/旧版 Excel .xls 或 CSV 文件）。
表格上方的标题行、日期行可以保留；程序会自动找到“姓名”等表头所在的行。
导入前会先显示每一列对应的内容和前 20 行的预览，确认后才写入通讯录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="215"/>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="233"/>
        <source>列</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="233"/>
        <source>表头</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="233"/>
        <source>前几行的内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="233"/>
        <source>导入为</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="248"/>
        <source>跳过（不改动通讯录里已有的记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="250"/>
        <source>更新（用表格中填写了的内容更新已有记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="258"/>
        <source>通讯录里已有的村民（身份证号码相同，或姓名和电话相同）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="283"/>
        <source>保存报告…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="319"/>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="340"/>
        <source>选择村民花名册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="346"/>
        <source>正在读取“{0}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="363"/>
        <source>已读取“{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="367"/>
        <source>文件“{0}”，工作表“{1}”：表头在第 {2} 行，下面有 {3} 行。请核对每一列要导入为什么，不需要的列选“（不导入）”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="382"/>
        <source>（无表头）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="385"/>
        <source>（不导入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="422"/>
        <source>正在预览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="428"/>
        <source>预览前 {0} 行（还没有写入通讯录）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="430"/>
        <source>表头下面没有可以导入的行。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="454"/>
        <source>正在导入花名册…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="463"/>
        <source>导入完成：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="477"/>
        <source>{0} 没有导入任何村民。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="489"/>
        <source>保存导入报告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="489"/>
        <source>文本文件 (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="504"/>
        <source>无法保存报告：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="507"/>
        <source>报告已保存到 {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactPickerDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_grid_dialog.py" line="114"/>
        <source>姓名、拼音首字母或电话号码</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactSuggestionTableModel</name>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="136"/>
        <source>村民</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactTableModel</name>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="199"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="200"/>
        <source>性别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="201"/>
        <source>电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="202"/>
        <source>村民小组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="203"/>
        <source>网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_table_model.py" line="204"/>
        <source>住址</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="87"/>
        <source>新增村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="88"/>
        <source>在通讯录中新增一位村民（Ctrl+N）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="89"/>
        <source>编辑</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="90"/>
        <source>编辑选中的村民（Enter 或双击）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="91"/>
        <source>导入花名册…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="92"/>
        <source>从 Excel/WPS 或 CSV 花名册导入村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="93"/>
        <source>导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="94"/>
        <source>把当前列表导出为 Excel 表格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="95"/>
        <source>网格管理…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="115"/>
        <source>搜索：姓名、拼音首字母（如 zs）、电话号码、住址（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="118"/>
        <source>全部网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="120"/>
        <source>全部小组</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="181"/>
        <source>村民通讯录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="206"/>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="242"/>
        <source>正在查找…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="260"/>
        <source>共 {0} 人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="265"/>
        <source>没有找到符合条件的村民。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="267"/>
        <source>通讯录还是空的。可以点“新增村民”，或用“导入花名册…”一次导入全村。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="323"/>
        <source>已保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="340"/>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="361"/>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="391"/>
        <source>导出村民通讯录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="343"/>
        <source>导出当前列表中的 {0} 位村民。
电话和身份证号码将隐去部分数字，人员类别、出生日期和备注等敏感信息不导出。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="348"/>
        <source>导出完整的电话、身份证号码和人员类别（仅在确有工作需要时选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="352"/>
        <source>选择保存位置…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="353"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="358"/>
        <source>完整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="363"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="383"/>
        <source>已导出 {0} 位村民到 {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/contacts_page.py" line="396"/>
        <source>正在导出村民通讯录…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandDetailDialog</name>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="184"/>
        <source>需求详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="205"/>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="417"/>
        <source>显示完整号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="237"/>
        <source>办理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="253"/>
        <source>评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="254"/>
        <source>打印回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="255"/>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="479"/>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="256"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="293"/>
        <source>登记时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="294"/>
        <source>来源渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="295"/>
        <source>类别 / 主题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="296"/>
        <source>点单项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="297"/>
        <source>详细描述</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="298"/>
        <source>紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="299"/>
        <source>办理期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="300"/>
        <source>群众</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="301"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="302"/>
        <source>登记人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="303"/>
        <source>承办队伍</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="304"/>
        <source>派单时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="305"/>
        <source>接单时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="306"/>
        <source>办结时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="307"/>
        <source>办理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="308"/>
        <source>退回理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="309"/>
        <source>群众评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="329"/>
        <source>找不到这条需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="334"/>
        <source>{0}（已删除）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="341"/>
        <source>{0}（已超期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="356"/>
        <source>匿名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="383"/>
        <source>同步时发现“{0}”在本机和县中心同时被修改，已采用本机的值。本机的值：{1}；县中心的值：{2}。如有不对，请核实后重新修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="393"/>
        <source>县中心没有接受本机对这条需求的一次修改，原因：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="402"/>
        <source>（空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="412"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="412"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="417"/>
        <source>隐藏号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="452"/>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="493"/>
        <source>找不到这条需求，可能已被删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="476"/>
        <source>删除需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="477"/>
        <source>确定删除需求 {0}“{1}”吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="478"/>
        <source>只有登记错了才需要删除。删除后县中心也会收到。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="480"/>
        <source>不删除</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandEvaluationDialog</name>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="128"/>
        <source>群众评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="130"/>
        <source>需求 {0}：群众对办理结果的评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="144"/>
        <source>评价说明（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="150"/>
        <source>保存评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="152"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="168"/>
        <source>请选择群众的满意程度</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandFormDialog</name>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="91"/>
        <source>登记群众需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="100"/>
        <source>请选择类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="102"/>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="335"/>
        <source>（不选主题）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="105"/>
        <source>一句话说明群众要什么，如：三组路灯坏了</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="109"/>
        <source>具体情况、时间地点等（Enter 换行，Ctrl+Enter 保存）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="120"/>
        <source>按类别默认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="138"/>
        <source>群众</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="139"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="141"/>
        <source>来源渠道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="144"/>
        <source>需求类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="147"/>
        <source>具体主题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="149"/>
        <source>需求标题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="151"/>
        <source>详细描述</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="154"/>
        <source>紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="156"/>
        <source>办理期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="159"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="163"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="246"/>
        <source>发现上次未保存的需求登记，是否恢复？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="250"/>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="251"/>
        <source>不恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="456"/>
        <source>放弃修改？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="457"/>
        <source>已填写的内容不会保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="458"/>
        <source>放弃修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_form_dialog.py" line="459"/>
        <source>继续填写</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandTableModel</name>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="273"/>
        <source>编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="274"/>
        <source>登记日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="275"/>
        <source>群众</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="276"/>
        <source>标题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="277"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="278"/>
        <source>来源</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="279"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="280"/>
        <source>期限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="310"/>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="322"/>
        <source>匿名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_table_model.py" line="336"/>
        <source>{0}（超期）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandTimelineTableModel</name>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="98"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="98"/>
        <source>经办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="98"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_detail_dialog.py" line="98"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemandsPage</name>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="84"/>
        <source>登记需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="85"/>
        <source>登记一条新的群众需求（Ctrl+N）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="86"/>
        <source>点单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="87"/>
        <source>从县中心的服务菜单下单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="88"/>
        <source>查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="89"/>
        <source>查看选中的需求（Enter 或双击）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="90"/>
        <source>打印回执</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="110"/>
        <source>搜索：姓名、拼音首字母、电话号码或关键词（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="113"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="115"/>
        <source>未办结（全部办理中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="120"/>
        <source>全部类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="122"/>
        <source>全部来源</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="134"/>
        <source>全部网格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="136"/>
        <source>只看超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="137"/>
        <source>只看待评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="138"/>
        <source>清除筛选</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="140"/>
        <source>登记日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="142"/>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="211"/>
        <source>群众需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="218"/>
        <source>不限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="309"/>
        <source>正在查找…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="339"/>
        <source>正在统计…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="344"/>
        <source>没有符合条件的需求。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="346"/>
        <source>还没有登记过群众需求。按 Ctrl+N 登记第一条。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="364"/>
        <source>共 {0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="368"/>
        <source>读取失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/demands_page.py" line="425"/>
        <source>已登记需求 {0}，可点“打印回执”给群众。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="133"/>
        <source>欢迎使用联络员工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="138"/>
        <source>设置本站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="146"/>
        <source>这台电脑上还没有站点信息。请填写本站的基本情况，以后可以在“设置”中修改。只想先看看程序怎么用，可以打开演示数据（与正式数据分开保存）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="163"/>
        <source>保存并开始使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="165"/>
        <source>打开演示数据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="166"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportRowsTableModel</name>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="128"/>
        <source>行号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="128"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="128"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_import_dialog.py" line="128"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="46"/>
        <source>联络员工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="110"/>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="119"/>
        <source>未注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="121"/>
        <source>同步中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="123"/>
        <source>尚未连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="125"/>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="125"/>
        <source>离线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="127"/>
        <source>{0} 条待上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="129"/>
        <source>上次同步 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="131"/>
        <source>尚未同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="139"/>
        <source>{0}（点击查看同步详情）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MenuOrderDialog</name>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="112"/>
        <source>点单：从服务菜单下单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="127"/>
        <source>正在读取服务菜单…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="138"/>
        <source>时间、地点、人数等补充说明（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="148"/>
        <source>群众</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="149"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="150"/>
        <source>需求标题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="151"/>
        <source>补充说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="152"/>
        <source>紧急程度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="155"/>
        <source>下单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="159"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="164"/>
        <source>县中心发布的服务菜单：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="216"/>
        <source>县中心尚未发布服务菜单。同步后即可点单；现在可以用“登记需求”登记。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequesterFields</name>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="170"/>
        <source>输入姓名、拼音首字母或电话查找；新村民直接填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="171"/>
        <source>匿名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="174"/>
        <location filename="../../desktop/ui/demand_requester.py" line="281"/>
        <source>手机或座机（带区号），可不填</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="175"/>
        <source>同时加入村民通讯录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="261"/>
        <source>已选通讯录村民：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demand_requester.py" line="279"/>
        <source>不填则用通讯录中的电话</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceMenuTableModel</name>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="77"/>
        <source>服务项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="77"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menu_order_dialog.py" line="77"/>
        <source>提供方</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="49"/>
        <source>自动备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="50"/>
        <source>手动备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="51"/>
        <source>升级前的备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="52"/>
        <source>恢复前的数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="53"/>
        <source>移开的损坏数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="59"/>
        <source>请填写县中心服务器地址，如 https://wmsj.example.gov.cn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="64"/>
        <source>服务器地址应以 https:// 开头，如 https://wmsj.example.gov.cn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="75"/>
        <source>代理地址应类似 http://10.0.0.1:8080（不用代理请留空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="83"/>
        <source>找不到这个证书文件，请重新选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="91"/>
        <source>备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="145"/>
        <location filename="../../desktop/ui/pages/settings_page.py" line="162"/>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="167"/>
        <source>本站信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="172"/>
        <source>保存本站信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="207"/>
        <source>已保存，下次同步时报送县中心。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="223"/>
        <source>与县中心同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="232"/>
        <source>县中心提供的地址，如 https://wmsj.example.gov.cn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="237"/>
        <source>县中心使用自建证书时才需要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="238"/>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="244"/>
        <source>一般不用填；单位网络要求时填写，如 http://10.0.0.1:8080</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="247"/>
        <source>保存连接设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="257"/>
        <source>县中心给的一次性注册码，如 ABCD-EFGH-JKLM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="258"/>
        <location filename="../../desktop/ui/pages/settings_page.py" line="403"/>
        <source>注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="264"/>
        <source>服务器地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="266"/>
        <source>CA 证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="268"/>
        <source>代理服务器</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="273"/>
        <source>注册码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="288"/>
        <source>选择县中心的 CA 证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="290"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="325"/>
        <source>没有保存：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="328"/>
        <source>已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="336"/>
        <source>请填写县中心提供的注册码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="348"/>
        <source>本机已经注册为“{0}”的设备。用新的注册码重新注册后，本机将作为一台新设备与县中心同步，原来的注册作废。继续吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="364"/>
        <source>正在向县中心注册…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="390"/>
        <source>注册信息没有保存：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="400"/>
        <source>本机还没有在县中心注册。填好服务器地址，再输入县中心给的注册码，点“注册”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="405"/>
        <source>重新注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="406"/>
        <source>本机已注册为“{0}”（{1}）的设备，设备编号 {2}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="412"/>
        <source>但县中心不再接受本机的注册（可能已被注销）。本机数据都还在；请向县中心申请新的注册码，填入下面后点“重新注册”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="421"/>
        <source>注意：本站填写的区划代码 {0} 与县中心登记的村不一致，请核对。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="428"/>
        <source>备份与恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="431"/>
        <source>立即备份…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="432"/>
        <source>从备份文件恢复…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="444"/>
        <source>程序每天自动备份一次，保留最近 14 份，存放在：{0}。建议再定期用“立即备份”复制一份到 U 盘。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="456"/>
        <source>从选中的备份恢复…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="480"/>
        <source>（还没有备份）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="486"/>
        <source>联络员工作台备份-{0}.db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="489"/>
        <source>备份到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="491"/>
        <source>数据库备份 (*.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="507"/>
        <location filename="../../desktop/ui/pages/settings_page.py" line="508"/>
        <source>正在备份…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="515"/>
        <source>已备份到 {0}（已通过完整性检查）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="530"/>
        <source>选择要恢复的备份文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="532"/>
        <source>数据库备份 (*.db);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="555"/>
        <source>正在与县中心同步，请等同步结束后再恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="564"/>
        <source>正在检查备份文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="571"/>
        <source>用备份“{0}”替换现在的数据吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="574"/>
        <source>请关闭程序，然后在命令行运行：
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="580"/>
        <source>程序会关闭数据库、恢复这个备份，然后重新打开。备份之后在本机新做的修改会被替换；恢复前的数据库会先另存一份到备份文件夹，需要时可以找回。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="584"/>
        <source>也可以关闭程序后在命令行运行：
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="585"/>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="586"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="595"/>
        <source>数据与日志</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="599"/>
        <source>数据文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="600"/>
        <source>日志文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/settings_page.py" line="605"/>
        <source>打开文件夹</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StationForm</name>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="45"/>
        <source>如：陈家店村新时代文明实践站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="47"/>
        <source>12 位数字，如 220122105201</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="51"/>
        <source>如：合隆镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="53"/>
        <source>如：农安县</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="59"/>
        <source>站点名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="60"/>
        <source>统计用区划代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="61"/>
        <source>所属乡镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="62"/>
        <source>所属县（市、区）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/first_run_dialog.py" line="77"/>
        <source>国家统计局公布的本村代码：6 位县 + 3 位乡镇 + 3 位村</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncConflictTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="19"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="20"/>
        <source>内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="21"/>
        <source>本机的值（已采用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="22"/>
        <source>县中心原来的值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="24"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync_controller.py" line="115"/>
        <source>本机还没有在县中心注册。请到“设置”页填写服务器地址和注册码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_controller.py" line="144"/>
        <source>正在与县中心同步…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncLogTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="17"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="18"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="20"/>
        <source>方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="21"/>
        <source>手动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="21"/>
        <source>自动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="24"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="28"/>
        <source>成功</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_log_table_model.py" line="28"/>
        <source>未完成</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="70"/>
        <source>本机时钟比县中心服务器快约 {0} 分钟。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="72"/>
        <source>本机时钟比县中心服务器慢约 {0} 分钟。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="73"/>
        <source>同步不受影响，但登记时间会按本机时钟记录，请校准电脑的日期和时间。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="145"/>
        <source>与县中心同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="151"/>
        <source>同步状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="168"/>
        <source>本机：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="169"/>
        <source>连接：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="170"/>
        <source>待上报：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="171"/>
        <source>上次成功同步：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="172"/>
        <source>上次出错：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="177"/>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="190"/>
        <source>每次同步的详细经过记在日志文件里：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="195"/>
        <source>同步记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="199"/>
        <source>下面这些内容，本机和县中心在同一时间段都修改过。按照“后到为准”，县中心已采用本机的值，原来的值列在右边供核对；如果原来的值才对，请到对应的记录里改回来。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="207"/>
        <source>县中心没有接受下面这些修改，原因写在“县中心的说明”里。其他记录照常同步，不受影响；如有疑问请联系县中心。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="238"/>
        <source>同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="245"/>
        <source>已注册为“{0}”（{1}）的设备</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="251"/>
        <source>还没有在县中心注册。请到“设置”页填写服务器地址和注册码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="254"/>
        <source>县中心不再接受本机的注册，请到“设置”页重新注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="256"/>
        <source>未注册</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="258"/>
        <source>正在同步…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="260"/>
        <source>尚未连接</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="262"/>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="262"/>
        <source>离线（网络恢复后自动上报）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="264"/>
        <source>{0} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="268"/>
        <source>尚未同步过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="270"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="308"/>
        <source>冲突（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="309"/>
        <source>被退回（{0}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncRejectionTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="42"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="43"/>
        <source>修改的内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="44"/>
        <source>县中心的说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_issue_table_model.py" line="46"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkbenchPage</name>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="64"/>
        <source>今日新登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="65"/>
        <source>办理中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="66"/>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="67"/>
        <source>待评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="68"/>
        <source>待上报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="69"/>
        <source>通讯录村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="79"/>
        <source>登记需求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="80"/>
        <source>查找村民</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="91"/>
        <source>工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="101"/>
        <source>（尚未设置站点）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="102"/>
        <source>{0} · 今日工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="107"/>
        <source>上次成功同步：{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/workbench_page.py" line="109"/>
        <source>尚未与县中心同步过</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_IssueTab</name>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="92"/>
        <source>知道了</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="93"/>
        <source>选中的几条以后不再显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="94"/>
        <source>全部知道了</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages/sync_page.py" line="95"/>
        <source>也显示已经知道的</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <location filename="../../desktop/ui/app_context.py" line="55"/>
        <source>程序出了一个意外错误，已记录到日志文件。您已保存的数据不受影响。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_context.py" line="56"/>
        <source>日志文件：{0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../desktop/ui/operations.py" line="86"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
